package egress.enforcer.netty;

import egress.enforcer.observe.AccessRecord;
import egress.enforcer.observe.TrialNote;
import egress.policy.match.Decision;
import io.netty.handler.codec.http.HttpRequest;
import java.time.Instant;

/** One HTTP request through the proxy, from its head to the end of its response: one access-log line. */
final class HttpExchange {
    final HttpRequest request;
    final Destination destination;
    final String target;
    boolean keepAlive;
    /** The Host header sent upstream in place of the client's (absolute-form: the URI's authority), or null. */
    String hostHeader;
    private final Instant started = Instant.now();
    private final long startNanos = System.nanoTime();
    Decision decision;
    int status;
    long bytesUp;
    long bytesDown;
    /** Report-only (a refusal forwarded) and the staged set's disagreement, for the access line. */
    TrialNote trial = TrialNote.NONE;

    HttpExchange(HttpRequest request, Destination destination, String target, boolean keepAlive) {
        this.request = request;
        this.destination = destination;
        this.target = target;
        this.keepAlive = keepAlive;
    }

    void keepAliveOff() {
        keepAlive = false;
    }

    AccessRecord record(ProxyContext context, long snapshotVersion) {
        int q = target.indexOf('?');
        return new AccessRecord(started, context.identity().toString(), "http", destination.host(),
                destination.ipText(), destination.port(), null, request.method().name(),
                q < 0 ? target : target.substring(0, q), decision, snapshotVersion, status, bytesUp, bytesDown,
                (System.nanoTime() - startNanos) / 1_000_000, trial);
    }
}
