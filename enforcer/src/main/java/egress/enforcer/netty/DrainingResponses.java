package egress.enforcer.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.util.function.BooleanSupplier;

/**
 * While the enforcer drains (SIGTERM), every answer the proxy writes to a plain HTTP request carries
 * {@code Connection: close}, so a client that keeps one keep-alive connection busy closes it after the answer
 * in flight and opens its next one elsewhere (the listener is closed) instead of being cut at the end of the
 * grace period. The answer to a CONNECT is left alone: the tunnel it opens is the connection. Sits between the
 * HTTP codec and the proxy handler, one per connection.
 */
final class DrainingResponses extends ChannelDuplexHandler {
    private final BooleanSupplier draining;
    private boolean connect;

    DrainingResponses(BooleanSupplier draining) {
        this.draining = draining;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            connect = req.method().equals(HttpMethod.CONNECT);
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * Whether an answer to a plain HTTP request is to carry {@code Connection: close} now: the ones that pass this
     * handler, and the relayed and refusal bytes the proxy writes past it.
     */
    boolean closing() {
        return !connect && draining.getAsBoolean();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse res && closing()) {
            HttpUtil.setKeepAlive(res, false);
        }
        ctx.write(msg, promise);
    }
}
