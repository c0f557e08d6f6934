package egress.cluster.kube;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/** Lets the server start before the real dispatcher, which needs the server's port, exists. */
final class ForwardingDispatcher extends Dispatcher {
    private volatile Dispatcher delegate;

    void delegate(Dispatcher d) {
        this.delegate = d;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Dispatcher d = delegate;
        if (d == null) {
            return ClusterDispatcher.status(503, "ServiceUnavailable", "the embedded cluster is starting");
        }
        return d.dispatch(request);
    }
}
