package egress.enforcer.netty;

import egress.enforcer.identity.PodAddressIndex;
import egress.enforcer.observe.AccessRecord;
import egress.policy.match.Decision;
import egress.policy.match.Signal;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --identity-from pod-ip}: decides who the client is when the connection is accepted, from its source
 * address and the {@link PodAddressIndex}, then puts the proxy's HTTP stage behind itself with that identity
 * and leaves. An address of no single Running pod (unknown, host network, claimed twice, index not synced) is
 * refused as {@code connection-refused} is in proxy mode: closed before a byte is read, with an access-log line
 * saying why (source: the client address) and {@code egress_identity_refusals_total{reason}}.
 *
 * <p>The identity is held for the connection's life only while the pod owns the address: when the pod is
 * deleted, stops running, or another pod claims the address, the connection is closed, whatever it is doing.
 */
final class PodIdentityHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PodIdentityHandler.class);
    private final ProxyContext context;
    private final PodAddressIndex pods;
    private final BooleanSupplier draining;

    PodIdentityHandler(ProxyContext context, PodAddressIndex pods, BooleanSupplier draining) {
        this.context = context;
        this.pods = pods;
        this.draining = draining;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        InetSocketAddress client = (InetSocketAddress) ch.remoteAddress();
        PodAddressIndex.Lookup found = pods.claim(
                client.getAddress(),
                () -> ch.eventLoop().execute(() -> {
                    if (ch.isActive()) {
                        LOG.info("closing a connection from {}: its pod no longer owns the address alone", client);
                        ch.close();
                    }
                }));
        if (found instanceof PodAddressIndex.Claim claim) {
            ch.closeFuture().addListener(f -> claim.release());
            String codec = ProxyHttpCodec.add(ctx.pipeline(), ctx.name());
            ctx.pipeline()
                    .addAfter(codec, "drain", new DrainingResponses(draining))
                    .addAfter("drain", "http-proxy", new HttpProxyHandler(context.withIdentity(claim.identity())));
            ctx.fireChannelActive();
            ctx.pipeline().remove(this);
            return;
        }
        PodAddressIndex.Refused refused = (PodAddressIndex.Refused) found;
        Decision d = Decision.refused(
                Signal.CONNECTION_REFUSED, refused.reason().id() + ": " + refused.text() + " (--identity-from pod-ip)");
        context.metrics().decided(d, null);
        context.metrics().identityRefused(refused.reason().id());
        context.accessLog()
                .log(new AccessRecord(
                        Instant.now(),
                        client.getAddress().getHostAddress(),
                        null,
                        null,
                        null,
                        0,
                        null,
                        null,
                        null,
                        d,
                        context.policies().get().version(),
                        0,
                        0,
                        0,
                        0));
        ctx.fireChannelActive();
        ch.close();
    }
}
