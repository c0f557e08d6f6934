package egress.enforcer.netty;

import egress.policy.match.CompiledPolicySet;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.match.Signal;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the decision for a TLS or TCP tunnel: refuses as the signal says, or connects to the
 * upstream the decision names, sends the bytes already sniffed, and turns both channels into relays
 * ({@link RelayHandler}: the only handler that sees the bytes from then on), closed when idle for the tunnel idle
 * timeout ({@link TunnelIdle}) or when a newer snapshot refuses them ({@link OpenTunnels}).
 */
final class Tunnel {
    private static final Logger LOG = LoggerFactory.getLogger(Tunnel.class);

    private Tunnel() {}

    /**
     * @param first the bytes read while sniffing (may be empty); ownership passes to this method
     */
    static void open(
            ChannelHandlerContext ctx,
            ProxyContext context,
            CompiledPolicySet policies,
            TunnelSession session,
            Destination dest,
            String protocol,
            EgressRequest request,
            Decision decision,
            ByteBuf first) {
        Channel client = ctx.channel();
        if (!decision.allowed()) {
            refuseOrReport(ctx, context, policies, session, dest, protocol, request, decision, first);
            return;
        }
        UpstreamRoute.of(context, policies, dest, request, decision, Signal.CONNECTION_CLOSED)
                .whenComplete((route, error) -> client.eventLoop().execute(() -> {
                    if (error != null) {
                        refuse(
                                client,
                                session,
                                dest,
                                protocol,
                                request,
                                Decision.refused(Signal.CONNECTION_CLOSED, error.toString()),
                                first);
                    } else if (route.refusal() != null) {
                        refuseOrReport(
                                ctx, context, policies, session, dest, protocol, request, route.refusal(), first);
                    } else {
                        session.decided(protocol, request.sni(), decision);
                        connect(ctx, context, session, route.to(), request, first);
                    }
                }));
    }

    /** Refuses as {@code refusal} says; under report-only forwards to the requested destination instead, when it may. */
    private static void refuseOrReport(
            ChannelHandlerContext ctx,
            ProxyContext context,
            CompiledPolicySet policies,
            TunnelSession session,
            Destination dest,
            String protocol,
            EgressRequest request,
            Decision refusal,
            ByteBuf first) {
        Channel client = ctx.channel();
        if (!context.trial().reportOnly()) {
            refuse(client, session, dest, protocol, request, refusal, first);
            return;
        }
        UpstreamRoute.reportOnly(context, policies, dest, refusal, Signal.CONNECTION_CLOSED)
                .whenComplete((route, error) -> client.eventLoop().execute(() -> {
                    if (error != null || route.refusal() != null) {
                        refuse(
                                client,
                                session,
                                dest,
                                protocol,
                                request,
                                error != null
                                        ? Decision.refused(Signal.CONNECTION_CLOSED, error.toString())
                                        : route.refusal(),
                                first);
                        return;
                    }
                    session.decided(protocol, request.sni(), refusal);
                    session.notEnforced();
                    context.trial().wouldRefuse(refusal);
                    connect(ctx, context, session, route.to(), request, first);
                }));
    }

    private static void refuse(
            Channel client,
            TunnelSession session,
            Destination dest,
            String protocol,
            EgressRequest request,
            Decision decision,
            ByteBuf first) {
        session.decided(protocol, request.sni(), decision);
        first.release();
        LOG.debug("tunnel to {} refused: {}", dest.authority(), decision);
        session.end();
        Refusals.apply(client, decision.signal());
    }

    private static void connect(
            ChannelHandlerContext ctx,
            ProxyContext context,
            TunnelSession session,
            Destination target,
            EgressRequest request,
            ByteBuf first) {
        Channel client = ctx.channel();
        if (target == null || target.address() == null || !client.isActive()) {
            first.release();
            session.end();
            client.close();
            return;
        }
        UpstreamConnector.connect(
                        client, context, target.address(), target.target().port(), new ChannelInboundHandlerAdapter())
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        LOG.debug(
                                "upstream {} unreachable: {}",
                                target.target(),
                                f.cause().toString());
                        first.release();
                        session.end();
                        client.close();
                        return;
                    }
                    Channel upstream = ((io.netty.channel.ChannelFuture) f).channel();
                    // the upstream's FIN ends one direction, as the client's does: the relay passes it on and the
                    // client may still send (nothing was read yet, so no FIN came before this)
                    upstream.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                    TunnelIdle idle = client.isActive()
                            ? TunnelIdle.start(client, context.limits().tunnelIdleTimeout(), context.metrics())
                            : null;
                    RelayHandler down = new RelayHandler(client, session, idle, false);
                    RelayHandler up = new RelayHandler(upstream, session, idle, true);
                    RelayHandler.pair(up, down);
                    upstream.pipeline().replace(upstream.pipeline().first(), "relay", down);
                    ctx.pipeline().replace(ctx.handler(), "relay", up);
                    if (!client.isActive()) {
                        first.release();
                        upstream.close();
                        return;
                    }
                    context.tunnels().add(context, client, upstream, request, session.snapshotVersion());
                    if (first.isReadable()) {
                        session.up(first.readableBytes());
                        upstream.writeAndFlush(first);
                    } else {
                        first.release();
                    }
                    if (client instanceof DuplexChannel d && d.isInputShutdown()) {
                        // the client's FIN came before its relay did: the relay passes it on, after the first bytes
                        client.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
                    } else {
                        client.read();
                    }
                    upstream.read();
                });
    }
}
