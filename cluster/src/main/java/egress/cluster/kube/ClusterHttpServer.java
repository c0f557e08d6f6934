package egress.cluster.kube;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded cluster's HTTPS listener: the fabric8 mock's own request handling (plain requests, and watches
 * over WebSocket as the fabric8 client makes them) for everything except watches over HTTP streaming, which
 * {@link WatchStream} serves as a real API server does ({@code kubectl get -w}, client-go, curl). The mock's
 * {@code MockWebServer} answers those with 400 ("Connection header must be Upgrade"), and it builds its Vert.x
 * server itself, so this class builds the server instead and puts both behind one port.
 */
final class ClusterHttpServer implements AutoCloseable {
    /** The sub-protocols the mock accepts on WebSocket upgrades (exec, attach, port-forward and watch). */
    private static final List<String> WEBSOCKET_SUBPROTOCOLS =
            List.of("v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io");

    private final Vertx vertx;
    private final HttpServer server;

    private ClusterHttpServer(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /** Listens with TLS on {@code host:port} (0: any free port), answering with {@code dispatcher}. */
    static ClusterHttpServer start(String host, int port, ClusterCertificate certificate, Dispatcher dispatcher) {
        Vertx vertx = Vertx.vertx();
        HttpServerRequestHandler mock = new HttpServerRequestHandler(vertx) {
            @Override
            protected MockResponse onHttpRequest(RecordedRequest request) {
                return dispatcher.dispatch(request);
            }
        };
        WatchStream watches = new WatchStream(vertx, dispatcher);
        HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                        .setHost(host)
                        .setPort(port)
                        .setSsl(true)
                        .setKeyCertOptions(certificate.keyCertOptions())
                        .setWebSocketSubProtocols(WEBSOCKET_SUBPROTOCOLS)
                        .setHandle100ContinueAutomatically(true))
                .requestHandler(req -> {
                    if (WatchStream.isStreamingWatch(req)) {
                        watches.serve(req);
                    } else {
                        mock.handle(req);
                    }
                });
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            vertx.close();
            throw new IllegalStateException("interrupted while binding " + host + ":" + port, e);
        } catch (ExecutionException | TimeoutException e) {
            vertx.close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(
                    "the embedded cluster cannot listen on " + host + ":" + port + ": " + cause, cause);
        }
        return new ClusterHttpServer(vertx, server);
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing anyway: nothing to add
        }
    }
}
