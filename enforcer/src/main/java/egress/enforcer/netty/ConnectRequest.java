package egress.enforcer.netty;

import egress.enforcer.config.PolicySnapshot;
import egress.enforcer.observe.AccessRecord;
import egress.enforcer.observe.TrialNote;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.match.Signal;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Accepts {@code CONNECT host:port}: refuses it outright (no response at all) when the client has no
 * outbound listener under the connection's snapshot, else answers {@code 200 Connection established}
 * and hands the raw connection to a {@link TunnelSniffHandler}. What the tunnel carries is decided there.
 */
final class ConnectRequest {
    private ConnectRequest() {}

    /**
     * Accepts or refuses the CONNECT at once; nothing is resolved here (the tunnel's decision comes first).
     * The HTTP codec is removed before anything else happens, so that bytes the client sent right behind the
     * CONNECT (a ClientHello in the same write) are not taken for a second request: the decoder hands them on
     * as raw bytes, which {@code early} collects for the sniffer.
     */
    static void accept(
            ChannelHandlerContext ctx,
            ProxyContext context,
            PolicySnapshot snapshot,
            HttpRequest req,
            BiConsumer<HttpRequest, String> malformed,
            Supplier<ByteBuf> early) {
        HttpTarget t = HttpTarget.parseAuthority(req.uri());
        if (t == null) {
            malformed.accept(req, "CONNECT expects host:port, got " + req.uri());
            return;
        }
        Destination dest = Destination.requested(context, t.host(), t.port());
        if (!snapshot.policies().hasListener(context.identity())
                && !context.trial().reportOnly()) {
            refuse(ctx, context, snapshot, dest);
            return;
        } // report-only: the tunnel is accepted, and its decision (connection-refused) logged and forwarded
        ChannelPipeline p = ctx.pipeline();
        ProxyHttpCodec.remove(p);
        ctx.writeAndFlush(ProxyResponses.connectionEstablishedBytes()).addListener(f -> {
            if (f.isSuccess() && ctx.channel().isActive()) {
                p.addLast("tunnel-sniff", new TunnelSniffHandler(context, snapshot, dest, early.get()));
                p.remove(ctx.handler());
                if (p.get(DrainingResponses.class) != null) {
                    p.remove(DrainingResponses.class); // HTTP answers only: a tunnel's bytes need not pass it
                }
            } else {
                ctx.close();
            }
        });
    }

    /** No outbound listener: the matcher's connection-refused decision, logged, and a close with no reply. */
    private static void refuse(
            ChannelHandlerContext ctx, ProxyContext context, PolicySnapshot snapshot, Destination dest) {
        EgressRequest r = dest.at(EgressRequest.tcp(context.identity(), dest.ip(), dest.port(), false)
                .withHost(dest.host()));
        Decision d = snapshot.policies().decide(r);
        context.metrics().decided(d, dest.host());
        Decision staged = context.trial().disagreement(context, dest, r, d, Signal.CONNECTION_REFUSED);
        context.accessLog()
                .log(new AccessRecord(
                        Instant.now(),
                        context.identity().toString(),
                        "connect",
                        dest.host(),
                        dest.ipText(),
                        dest.port(),
                        null,
                        "CONNECT",
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
