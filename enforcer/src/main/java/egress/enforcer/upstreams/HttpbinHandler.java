package egress.enforcer.upstreams;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers as httpbin.org does: {@code /get}, {@code /headers}, {@code /anything}, {@code /status/N},
 * plus {@code /bytes/N} (N bytes, streamed) and {@code /drip?numbytes=N&duration=S} (N bytes spread
 * over S seconds) for tests of long transfers. Every other path answers like {@code /get}.
 */
final class HttpbinHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpbinHandler.class);
    private static final long MAX_BYTES = 1L << 30;
    private final String scheme;

    HttpbinHandler(String scheme) {
        this.scheme = scheme;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        String path = query.path();
        if (path.startsWith("/status/")) {
            send(ctx, req, status(path.substring("/status/".length())), "text/html; charset=utf-8", "");
        } else if (path.startsWith("/bytes/")) {
            long n = number(path.substring("/bytes/".length()), -1);
            if (n < 0 || n > MAX_BYTES) {
                send(ctx, req, HttpResponseStatus.BAD_REQUEST, "text/plain", "bad byte count\n");
            } else {
                stream(ctx, req, n);
            }
        } else if (path.equals("/drip")) {
            drip(ctx, req, query.parameters());
        } else {
            HttpbinJson.Echo echo = echo(ctx, req, query);
            String body = path.equals("/headers") ? HttpbinJson.headers(echo)
                    : path.startsWith("/anything") ? HttpbinJson.anything(echo) : HttpbinJson.get(echo);
            send(ctx, req, HttpResponseStatus.OK, "application/json", body);
        }
    }

    private HttpbinJson.Echo echo(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder query) {
        String host = req.headers().get(HttpHeaderNames.HOST, "");
        String origin = ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress() : "";
        return new HttpbinJson.Echo(req.method().name(), scheme + "://" + host + req.uri(), origin,
                query.parameters(), req.headers().entries(), req.content().toString(StandardCharsets.UTF_8));
    }

    private static HttpResponseStatus status(String code) {
        int comma = code.indexOf(',');
        long n = number(comma < 0 ? code : code.substring(0, comma), 400);
        return n >= 100 && n <= 599 ? HttpResponseStatus.valueOf((int) n) : HttpResponseStatus.BAD_REQUEST;
    }

    private static long number(String text, long otherwise) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status,
                             String type, String body) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(req.protocolVersion(), status, content);
        headers(res.headers(), type, content.readableBytes());
        HttpUtil.setKeepAlive(res, HttpUtil.isKeepAlive(req));
        ctx.writeAndFlush(res);
    }

    private static void stream(ChannelHandlerContext ctx, FullHttpRequest req, long n) {
        HttpResponse res = new DefaultHttpResponse(req.protocolVersion(), HttpResponseStatus.OK);
        headers(res.headers(), "application/octet-stream", n);
        HttpUtil.setKeepAlive(res, HttpUtil.isKeepAlive(req));
        ctx.write(res);
        ctx.writeAndFlush(new HttpChunkedInput(new PatternInput(n)));
    }

    private static void drip(ChannelHandlerContext ctx, FullHttpRequest req, Map<String, java.util.List<String>> params) {
        long n = number(first(params, "numbytes", "10"), 10);
        double seconds = Double.parseDouble(first(params, "duration", "2"));
        if (n < 1 || n > 10_000 || seconds < 0 || seconds > 60) {
            send(ctx, req, HttpResponseStatus.BAD_REQUEST, "text/plain", "bad drip parameters\n");
            return;
        }
        HttpResponse res = new DefaultHttpResponse(req.protocolVersion(), HttpResponseStatus.OK);
        headers(res.headers(), "application/octet-stream", n);
        HttpUtil.setKeepAlive(res, HttpUtil.isKeepAlive(req));
        ctx.writeAndFlush(res);
        new Drip(ctx, n, (long) (seconds * 1000 / n)).next();
    }

    private static String first(Map<String, java.util.List<String>> params, String name, String otherwise) {
        java.util.List<String> v = params.get(name);
        return v == null || v.isEmpty() ? otherwise : v.get(0);
    }

    static void headers(HttpHeaders h, String type, long length) {
        h.set(HttpHeaderNames.DATE, DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        h.set(HttpHeaderNames.CONTENT_TYPE, type);
        h.set(HttpHeaderNames.CONTENT_LENGTH, length);
        h.set(HttpHeaderNames.SERVER, "gunicorn/19.9.0");
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("httpbin connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
