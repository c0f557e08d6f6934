package egress.enforcer.upstreams;

import egress.policy.httpbin.Httpbin;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty adapter of {@link Httpbin}, the httpbin model the simulator answers with too: it hands the model each
 * request (the client's address as the origin) and writes the model's status, headers and body, streaming
 * {@code /bytes/N} as the peer reads and {@code /drip} on the event loop's timer.
 */
final class HttpbinHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpbinHandler.class);
    private final Httpbin httpbin = new Httpbin();
    private final String scheme;

    HttpbinHandler(String scheme) {
        this.scheme = scheme;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        String origin = ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress()
                : "";
        List<Httpbin.Header> headers = req.headers().entries().stream()
                .map(e -> new Httpbin.Header(e.getKey(), e.getValue()))
                .toList();
        Httpbin.Response r = httpbin.respond(new Httpbin.Request(
                req.protocolVersion().text(),
                req.method().name(),
                scheme,
                req.headers().get("host", ""),
                req.uri(),
                headers,
                req.content().toString(StandardCharsets.UTF_8),
                origin));
        HttpResponseStatus status = new HttpResponseStatus(r.status(), r.reason());
        if (r.body() instanceof Httpbin.Text text) {
            ByteBuf content = Unpooled.copiedBuffer(text.text(), StandardCharsets.UTF_8);
            FullHttpResponse res = new DefaultFullHttpResponse(req.protocolVersion(), status, content);
            copy(r, res.headers());
            ctx.writeAndFlush(res);
            return;
        }
        HttpResponse res = new DefaultHttpResponse(req.protocolVersion(), status);
        copy(r, res.headers());
        if (r.body() instanceof Httpbin.Pattern p) {
            ctx.write(res);
            ctx.writeAndFlush(new HttpChunkedInput(new PatternInput(p.length())));
        } else if (r.body() instanceof Httpbin.Drip d) {
            ctx.writeAndFlush(res);
            new Drip(ctx, d.count(), d.interval().toMillis()).next();
        }
    }

    private static void copy(Httpbin.Response r, HttpHeaders to) {
        r.headers().forEach(h -> to.add(h.name(), h.value()));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("httpbin connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
