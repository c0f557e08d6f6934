package egress.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Guards every {@code /api} call: the access token (header {@code Authorization: Bearer T}, or {@code ?token=T}
 * for EventSource, which cannot set headers), no cross-origin request (a page elsewhere must not drive a
 * server that can write to a cluster), and a body size limit.
 */
final class AccessGuard implements Handler {
    private final byte[] token;
    private final long maxBodyBytes;
    private volatile Set<String> ownOrigins = Set.of();

    AccessGuard(String token, long maxBodyBytes) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The origins of this server once its port is known: pages it serves itself may call it. */
    void listeningOn(String host, int port) {
        ownOrigins = new HashSet<>(
                List.of("http://" + host + ":" + port, "http://127.0.0.1:" + port, "http://localhost:" + port));
    }

    static String newToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public void handle(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new ApiException(
                    403,
                    "cross-origin",
                    "Cross-origin requests are refused",
                    List.of(ProblemDetail.field("Sec-Fetch-Site", "was " + site)));
        }
        String origin = ctx.header("Origin");
        if (origin != null && !ownOrigins.contains(origin)) {
            throw new ApiException(
                    403,
                    "cross-origin",
                    "Cross-origin requests are refused",
                    List.of(ProblemDetail.field("Origin", "was " + origin)));
        }
        if (!MessageDigest.isEqual(token, presented(ctx).getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(
                    401,
                    "unauthorized",
                    "A valid access token is required",
                    List.of(
                            ProblemDetail.field(
                                    "Authorization",
                                    "send 'Authorization: Bearer <token>' or '?token=<token>' with the token printed at start")));
        }
        long length = ctx.contentLength();
        if (length > maxBodyBytes) {
            throw new ApiException(
                    413,
                    "payload-too-large",
                    "The request body is too large",
                    List.of(ProblemDetail.field("body", length + " bytes; the limit is " + maxBodyBytes)));
        }
    }

    private static String presented(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        String query = ctx.queryParam("token");
        return query == null ? "" : query;
    }
}
