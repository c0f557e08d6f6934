package egress.cluster.kube;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What stands between the embedded cluster and anyone who can reach its port, in front of every other
 * dispatcher: requests from web pages (any {@code Origin} header but the cluster's own on a WebSocket) get 403, requests without the cluster's
 * bearer token 401, and bodies over {@value #MAX_BODY_BYTES} bytes (etcd's default request limit) 413, each as
 * a {@code Status} object as the API server answers. Nothing behind it sees a refused request.
 *
 * <p>The mock server reads a body before any dispatcher runs, so an oversized body is refused, never stored,
 * but it is held in memory for the time of that request.
 */
final class ClusterGuard extends Dispatcher {
    static final long MAX_BODY_BYTES = 3L * 1024 * 1024;

    private final byte[] token;
    private final Dispatcher next;
    private final String host;
    private volatile int port;

    /**
     * @param port the port the cluster listens on (0 until known: {@link #listeningOn(int)})
     */
    ClusterGuard(String token, Dispatcher next, String host, int port) {
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.next = next;
        this.host = host;
        this.port = port;
    }

    void listeningOn(int actualPort) {
        this.port = actualPort;
    }

    /** A new random token: 32 bytes, hex. */
    static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null && !ownWebSocketOrigin(request, origin)) {
            return ClusterDispatcher.status(
                    403,
                    "Forbidden",
                    "requests from web pages (with an Origin header) are refused by the embedded cluster");
        }
        String auth = request.getHeader("Authorization");
        if (auth == null || !MessageDigest.isEqual(token, auth.trim().getBytes(StandardCharsets.UTF_8))) {
            return ClusterDispatcher.status(401, "Unauthorized", "Unauthorized");
        }
        long size = bodySize(request);
        if (size > MAX_BODY_BYTES) {
            return ClusterDispatcher.status(
                    413, "RequestEntityTooLarge", "Request entity too large: limit is " + MAX_BODY_BYTES);
        }
        return next.dispatch(request);
    }

    /**
     * The fabric8 client's WebSocket (its watch) names the cluster itself as its origin, as Vert.x does by
     * default; no page can have that origin, since the cluster serves no pages.
     */
    private boolean ownWebSocketOrigin(RecordedRequest request, String origin) {
        String upgrade = request.getHeader("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            return false;
        }
        String authority = "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        return origin.equals("https" + authority) || origin.equals("http" + authority);
    }

    private static long bodySize(RecordedRequest request) {
        String declared = request.getHeader("Content-Length");
        long length = 0;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = 0;
            }
        }
        return Math.max(
                length, request.getBody() == null ? 0 : request.getBody().size());
    }
}
