package egress.enforcer.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands the bytes of an upstream's HTTP response to the client side as they come, and reports when the upstream goes away. */
final class HttpUpstreamHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpUpstreamHandler.class);
    private final HttpProxyHandler front;

    HttpUpstreamHandler(HttpProxyHandler front) {
        this.front = front;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            front.responseBytes(ctx.channel(), b);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** The parts of this read batch were written to the client unflushed: one flush for them all. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        front.responseBatchRead();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        front.upstreamClosed(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("upstream {} failed: {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
