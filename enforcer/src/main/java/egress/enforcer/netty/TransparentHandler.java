package egress.enforcer.netty;

import egress.enforcer.config.PolicySnapshot;
import egress.enforcer.observe.AccessRecord;
import egress.enforcer.observe.TrialNote;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.match.Signal;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first stage of a redirected connection in transparent mode: the connection's policy snapshot and
 * its original destination (from the socket, see {@link OriginalDestination}) take the place of a
 * CONNECT line, then a {@link TunnelSniffHandler} decides by what the client sends (Host header, server
 * name, or nothing but the address). A connection that arrives although the pod has no outbound
 * listener (the snapshot changed while it was being accepted) is closed with no data.
 */
final class TransparentHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TransparentHandler.class);
    private final ProxyContext context;

    TransparentHandler(ProxyContext context) {
        this.context = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        PolicySnapshot snapshot = context.policies().get();
        InetSocketAddress original = OriginalDestination.of(ctx.channel());
        if (original.equals(ctx.channel().localAddress())) {
            // not redirected: a client connected to the listener itself, and forwarding would loop back here
            LOG.warn(
                    "connection from {} to {} was not redirected by iptables; closed",
                    ctx.channel().remoteAddress(),
                    original);
            ctx.close();
            return;
        }
        Destination dest = Destination.transparent(context, original);
        ctx.fireChannelActive();
        if (!snapshot.policies().hasListener(context.identity())
                && !context.trial().reportOnly()) {
            refuse(ctx, snapshot, dest);
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        p.addLast("tunnel-sniff", new TunnelSniffHandler(context, snapshot, dest, null));
        p.remove(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg); // nothing is read before the sniffer is in place (AUTO_READ is off)
    }

    private void refuse(ChannelHandlerContext ctx, PolicySnapshot snapshot, Destination dest) {
        EgressRequest r = dest.at(EgressRequest.tcp(context.identity(), dest.ip(), dest.port(), false)
                .withHost(dest.host()));
        Decision d = snapshot.policies().decide(r);
        context.metrics().decided(d, dest.host());
        Decision staged = context.trial().disagreement(context, dest, r, d, Signal.CONNECTION_REFUSED);
        context.accessLog()
                .log(new AccessRecord(
                        Instant.now(),
                        context.identity().toString(),
                        "tcp",
                        dest.host(),
                        dest.ipText(),
                        dest.port(),
                        null,
                        null,
                        null,
                        d,
                        snapshot.version(),
                        0,
                        0,
                        0,
                        0,
                        TrialNote.NONE.withStaged(staged)));
        Refusals.apply(ctx.channel(), d.signal());
    }
}
