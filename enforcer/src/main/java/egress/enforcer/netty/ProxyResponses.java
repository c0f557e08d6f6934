package egress.enforcer.netty;

import egress.policy.match.Decision;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The responses the proxy writes itself; each names the decision behind it in {@code x-egress-decision}. */
final class ProxyResponses {
    static final String DECISION_HEADER = "x-egress-decision";
    static final String UPSTREAM_FAILURE =
            "upstream connect error or disconnect/reset before headers. " + "reset reason: connection failure";

    private ProxyResponses() {}

    /**
     * {@code 200 Connection established}, the answer to an accepted CONNECT, as raw bytes: the HTTP codec is
     * already gone (it is removed as soon as the CONNECT is read, so that bytes sent right behind it stay raw).
     */
    static ByteBuf connectionEstablishedBytes() {
        return Unpooled.copiedBuffer("HTTP/1.1 200 Connection established\r\n\r\n", StandardCharsets.US_ASCII);
    }

    /** The deny response of an HTTP signal: 403 {@code Access denied} or 404 with no body. */
    static FullHttpResponse denied(Decision d) {
        return plain(
                HttpResponseStatus.valueOf(d.signal().httpStatus()), d.signal().body(), describe("deny", d));
    }

    static FullHttpResponse upstreamFailed(Decision d) {
        // the decision's own verdict: under --report-only a refusal that was forwarded can meet an unreachable upstream
        return plain(
                HttpResponseStatus.SERVICE_UNAVAILABLE,
                UPSTREAM_FAILURE,
                describe(d.verdict().id(), d) + "; upstream=unreachable");
    }

    /**
     * {@code res} as it goes to the client: {@code Connection: close} unless kept alive, and for a HEAD the headers a
     * GET would get with no body. Takes over {@code res}.
     */
    static FullHttpResponse asSent(FullHttpResponse res, boolean keepAlive, boolean head) {
        if (head) {
            FullHttpResponse full = res;
            res = full.replace(Unpooled.EMPTY_BUFFER);
            full.release();
        }
        HttpUtil.setKeepAlive(res, keepAlive);
        return res;
    }

    /** 502: the upstream answered with bytes that are not an HTTP/1.x response the proxy can frame. */
    static FullHttpResponse badUpstreamResponse(Decision d, String why) {
        return plain(
                HttpResponseStatus.BAD_GATEWAY,
                "upstream sent an invalid response: " + why + "\n",
                describe(d.verdict().id(), d) + "; upstream=invalid-response");
    }

    static FullHttpResponse badRequest(String why) {
        return plain(HttpResponseStatus.BAD_REQUEST, why + "\n", "invalid");
    }

    static FullHttpResponse timeout() {
        return plain(HttpResponseStatus.REQUEST_TIMEOUT, "request head not received in time\n", "invalid");
    }

    static FullHttpResponse bodyTimeout() {
        return plain(HttpResponseStatus.REQUEST_TIMEOUT, "request body not received in time\n", "invalid");
    }

    /** 504, Envoy's text for a route timeout: the upstream sent no response head in time. */
    static FullHttpResponse upstreamTimeout(Decision d) {
        return plain(
                HttpResponseStatus.GATEWAY_TIMEOUT,
                "upstream request timeout",
                describe(d.verdict().id(), d) + "; upstream=timeout");
    }

    private static String describe(String verdict, Decision d) {
        return verdict + "; policy=" + (d.policy() == null ? "none" : d.policy().toString()) + "; signal="
                + (d.signal() == null ? "none" : d.signal().id());
    }

    private static FullHttpResponse plain(HttpResponseStatus status, String body, String decision) {
        FullHttpResponse r = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body == null ? "" : body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        r.headers().set(HttpHeaderNames.SERVER, "egress-designer");
        r.headers().set(DECISION_HEADER, decision);
        return r;
    }
}
