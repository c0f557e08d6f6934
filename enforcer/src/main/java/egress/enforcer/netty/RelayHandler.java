package egress.enforcer.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies bytes from its channel to the peer, one read at a time: the next read is asked for only once
 * the previous chunk has been written, so a slow reader slows the writer down (AUTO_READ is off).
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RelayHandler.class);
    private final Channel peer;
    private final TunnelSession session;
    private final boolean upstream;

    /** @param upstream true on the client side (bytes going up), false on the upstream side */
    RelayHandler(Channel peer, TunnelSession session, boolean upstream) {
        this.peer = peer;
        this.session = session;
        this.upstream = upstream;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!peer.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf b) {
            if (upstream) {
                session.up(b.readableBytes());
            } else {
                session.down(b.readableBytes());
            }
        }
        peer.writeAndFlush(msg).addListener(f -> {
            if (f.isSuccess()) {
                ctx.channel().read();
            } else {
                ctx.channel().close();
            }
        });
    }

    /**
     * One side has sent its last byte: pass the half-close on (FIN to the peer once what is pending is
     * written) and keep relaying the other way; when both directions have ended, close both.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            boolean otherWayEnded = ctx.channel() instanceof DuplexChannel own && own.isOutputShutdown();
            if (otherWayEnded || !(peer instanceof DuplexChannel duplexPeer) || !peer.isActive()) {
                ctx.close();
                Channels.closeOnFlush(peer);
            } else {
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> duplexPeer.shutdownOutput());
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Channels.closeOnFlush(peer);
        session.end();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("relay {} failed: {}", ctx.channel(), cause.toString());
        Channels.closeOnFlush(ctx.channel());
    }
}
