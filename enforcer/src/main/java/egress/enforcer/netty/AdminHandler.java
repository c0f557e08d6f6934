package egress.enforcer.netty;

import egress.enforcer.config.Readiness;
import egress.enforcer.observe.Metrics;
import egress.enforcer.observe.RecentDecisions;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The admin port: {@code /metrics} in Prometheus text; {@code /ready} 200 while the policies are current (503
 * with the reason before a first snapshot, while it is stale or a watch is down); {@code /live} (and
 * {@code /healthz}) a constant 200 that costs nothing, for liveness probes; {@code /decisions?after=SEQ} the last
 * few thousand access-log lines after a sequence number ({@link RecentDecisions}), for a designer following it.
 */
@ChannelHandler.Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Metrics metrics;
    private final Supplier<Readiness> ready;
    private final RecentDecisions recent;

    AdminHandler(Metrics metrics, Supplier<Readiness> ready, RecentDecisions recent) {
        this.metrics = metrics;
        this.ready = ready;
        this.recent = recent;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        String path = new QueryStringDecoder(req.uri()).path();
        FullHttpResponse res = switch (path) {
            case "/metrics" ->
                text(HttpResponseStatus.OK, metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
            case "/ready" -> readiness();
            case "/healthz", "/live" -> text(HttpResponseStatus.OK, "ok\n", "text/plain");
            case "/decisions" ->
                decisions(new QueryStringDecoder(req.uri()).parameters().get("after"));
            default -> text(HttpResponseStatus.NOT_FOUND, "not found: try /metrics, /ready or /live\n", "text/plain");
        };
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(res, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * The access-log lines decided after {@code after} (a sequence number; 0 or none: all held), one a line, with the
     * last one's number in {@code Egress-Sequence} and the oldest held in {@code Egress-Oldest}.
     */
    private FullHttpResponse decisions(java.util.List<String> after) {
        if (recent == null) {
            return text(HttpResponseStatus.NOT_FOUND, "recent decisions are not kept by this enforcer\n", "text/plain");
        }
        long from;
        try {
            from = after == null || after.isEmpty() ? 0 : Long.parseLong(after.get(0));
        } catch (NumberFormatException e) {
            from = -1;
        }
        if (from < 0) {
            return text(
                    HttpResponseStatus.BAD_REQUEST, "after: expected a sequence number (0 or more)\n", "text/plain");
        }
        RecentDecisions.Page page = recent.since(from);
        StringBuilder body = new StringBuilder();
        page.lines().forEach(l -> body.append(l).append('\n'));
        FullHttpResponse r = text(HttpResponseStatus.OK, body.toString(), "application/x-ndjson; charset=utf-8");
        r.headers().set("Egress-Sequence", page.last());
        r.headers().set("Egress-Oldest", page.oldest());
        return r;
    }

    private FullHttpResponse readiness() {
        Readiness r = ready.get();
        return text(r.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, r.text(), "text/plain");
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body, String type) {
        FullHttpResponse r = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        return r;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
