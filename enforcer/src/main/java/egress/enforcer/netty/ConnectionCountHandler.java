package egress.enforcer.netty;

import egress.enforcer.observe.Metrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Counts open client connections. Stateless, so one instance serves every channel. */
@ChannelHandler.Sharable
final class ConnectionCountHandler extends ChannelInboundHandlerAdapter {
    private final Metrics metrics;

    ConnectionCountHandler(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        metrics.connectionOpened();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        metrics.connectionClosed();
        ctx.fireChannelInactive();
    }
}
