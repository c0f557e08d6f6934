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
 * Copies bytes from its channel to the peer, the whole relay of a decided tunnel: nothing else touches the bytes.
 * What one read batch brings is written to the peer unflushed and flushed once at the end of the batch; the next
 * read is asked for at once while the peer can take more, else when the peer becomes writable again (its
 * outbound buffer fell below the low water mark), so a slow reader slows the writer down (AUTO_READ is off).
 * No promise or listener per write: a failed write reaches the peer's {@link #exceptionCaught}, which closes.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RelayHandler.class);
    private final Channel peer;
    private final TunnelSession session;
    private final TunnelIdle idle;
    private final boolean upstream;
    private boolean unflushed;
    private boolean waiting;
    private RelayHandler peerRelay;

    /**
     * @param upstream true on the client side (bytes going up), false on the upstream side
     * @param idle     the tunnel's idle clock, or null when tunnels have no idle timeout
     */
    RelayHandler(Channel peer, TunnelSession session, TunnelIdle idle, boolean upstream) {
        this.peer = peer;
        this.session = session;
        this.idle = idle;
        this.upstream = upstream;
    }

    /** The relay of the other direction, which this one wakes when its channel (the peer) becomes writable. */
    static void pair(RelayHandler a, RelayHandler b) {
        a.peerRelay = b;
        b.peerRelay = a;
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
        if (idle != null) {
            idle.moved();
        }
        unflushed = true;
        peer.write(msg, peer.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (unflushed) {
            unflushed = false;
            peer.flush();
        }
        if (peer.isWritable()) {
            ctx.read();
        } else {
            waiting = true; // read again when the peer has taken what it holds
        }
    }

    /** This channel can take more again: the other direction, waiting for it, reads on. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && peerRelay != null && peerRelay.waiting) {
            peerRelay.waiting = false;
            peer.read();
        }
        ctx.fireChannelWritabilityChanged();
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
