package egress.enforcer.netty;

import egress.enforcer.observe.Metrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * On the client side of a relaying tunnel: closes it when no byte has moved either way for the tunnel idle
 * timeout (reads from the client are bytes going up, writes to it bytes coming down). The relay then closes
 * the upstream side.
 */
final class TunnelIdleHandler extends IdleStateHandler {
    private final Metrics metrics;

    TunnelIdleHandler(Duration idle, Metrics metrics) {
        super(0, 0, idle.toMillis(), TimeUnit.MILLISECONDS);
        this.metrics = metrics;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        metrics.timedOut();
        ctx.close();
    }
}
