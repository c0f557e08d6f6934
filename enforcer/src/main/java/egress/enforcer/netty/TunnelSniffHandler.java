package egress.enforcer.netty;

import egress.enforcer.config.PolicySnapshot;
import egress.enforcer.tls.ClientHello;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.match.Signal;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the first bytes a client sends through an accepted CONNECT, as Envoy's listener filters do:
 * a TLS ClientHello is decided by its server name (however it is split), an HTTP/1 request line hands
 * the connection to {@link HttpProxyHandler} for a decision per request, anything else is opaque TCP,
 * and silence for the sniff timeout means the server speaks first (a client that has started gets the
 * header timeout to finish its first message). On a tcp-server-first port nothing is read at all.
 *
 * <p>A client whose input ends while it is looked at has said all it will: with nothing said, it is closed and no
 * upstream connection is made (Envoy's listener filters close a connection whose peer closes while they peek);
 * with a first message begun, that message is decided at once, as the timeouts would have later, and the tunnel
 * passes the half-close on to the upstream.
 */
final class TunnelSniffHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TunnelSniffHandler.class);
    private static final int MAX_SNIFF = ClientHello.MAX_HELLO + 1024;
    private final ProxyContext context;
    private final PolicySnapshot snapshot;
    private Destination dest;
    private ByteBuf buffered;
    private ScheduledFuture<?> timeout;
    private boolean done;
    private boolean patient;

    /**
     * @param early bytes the client sent before the tunnel was set up (a ClientHello in the same write as the
     *              CONNECT), or null; ownership passes to this handler
     */
    TunnelSniffHandler(ProxyContext context, PolicySnapshot snapshot, Destination dest, ByteBuf early) {
        this.context = context;
        this.snapshot = snapshot;
        this.dest = dest;
        this.buffered = early;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (buffered == null) {
            buffered = ctx.alloc().buffer();
        }
        CompletableFuture<Destination> forDecision = dest.forDecision(context, snapshot.policies());
        if (forDecision.isDone()) {
            start(ctx, forDecision.join());
        } else {
            forDecision.whenComplete((d, e) -> ctx.executor().execute(() -> start(ctx, d)));
        }
    }

    /** Once the destination is known as far as the decision needs it: decide server-first ports, else sniff. */
    private void start(ChannelHandlerContext ctx, Destination resolved) {
        if (done || buffered == null || !ctx.channel().isActive()) {
            return;
        }
        dest = resolved;
        EgressRequest serverFirst = tcp(true);
        Decision d = decide(serverFirst);
        if (d.allowed()
                && d.rule() != null
                && "tcp-server-first".equals(d.rule().protocol())) {
            finish(ctx, "tcp-server-first", serverFirst, d);
            return;
        }
        timeout = ctx.executor()
                .schedule(() -> timedOut(ctx), context.sniffTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (buffered.isReadable()) {
            sniff(ctx);
        } else {
            readMore(ctx);
        }
    }

    /** Asks for the client's next bytes, or decides on what came when no more will come. */
    private void readMore(ChannelHandlerContext ctx) {
        if (ctx.channel() instanceof DuplexChannel d && d.isInputShutdown()) {
            inputEnded(ctx);
        } else {
            ctx.read();
        }
    }

    private void inputEnded(ChannelHandlerContext ctx) {
        if (!buffered.isReadable()) {
            stop();
            ctx.close();
        } else if (ClientHello.looksLikeTls(buffered)) {
            decideTls(ctx, ClientHello.parse(buffered).serverName());
        } else {
            decideTcp(ctx, false);
        }
    }

    /** The client has sent its last byte: see {@link TunnelSniffHandler}. Before {@link #start}, start sees it. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && !done && timeout != null) {
            inputEnded(ctx);
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** A client that resets its connection while it is looked at is gone: close, nothing to decide. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("tunnel {} failed before its decision: {}", ctx.channel(), cause.toString());
        stop();
        ctx.close();
    }

    private Decision decide(EgressRequest r) {
        return UpstreamRoute.decide(context, snapshot.policies(), dest, r, Signal.CONNECTION_CLOSED);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done || !(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        buffered.writeBytes(in);
        in.release();
        sniff(ctx);
    }

    private void sniff(ChannelHandlerContext ctx) {
        if (ClientHello.looksLikeTls(buffered)) {
            ClientHello.Result r = ClientHello.parse(buffered);
            if (r.needMore() && buffered.readableBytes() < MAX_SNIFF) {
                readMore(ctx);
            } else {
                decideTls(ctx, r.serverName());
            }
            return;
        }
        switch (RequestLine.sniff(buffered)) {
            case NEED_MORE -> readMore(ctx);
            case HTTP -> toHttp(ctx);
            default -> decideTcp(ctx, false);
        }
    }

    private void timedOut(ChannelHandlerContext ctx) {
        if (done) {
            return;
        }
        if (!buffered.isReadable()) {
            decideTcp(ctx, true);
        } else if (!patient) {
            // the client has started; give a slow or fragmented ClientHello the header timeout to finish
            patient = true;
            timeout = ctx.executor()
                    .schedule(() -> timedOut(ctx), context.headerTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } else if (ClientHello.looksLikeTls(buffered)) {
            decideTls(ctx, null);
        } else {
            decideTcp(ctx, false);
        }
    }

    private void decideTls(ChannelHandlerContext ctx, String sni) {
        EgressRequest r = dest.at(EgressRequest.tls(context.identity(), dest.ip(), dest.port(), sni));
        finish(ctx, "tls", r, decide(r));
    }

    private void decideTcp(ChannelHandlerContext ctx, boolean serverFirst) {
        EgressRequest r = tcp(serverFirst);
        finish(ctx, serverFirst ? "tcp-server-first" : "tcp", r, decide(r));
    }

    private EgressRequest tcp(boolean serverFirst) {
        return dest.at(EgressRequest.tcp(context.identity(), dest.ip(), dest.port(), serverFirst)
                .withHost(dest.host()));
    }

    private void finish(ChannelHandlerContext ctx, String protocol, EgressRequest r, Decision d) {
        stop();
        ByteBuf first = buffered;
        buffered = null;
        TunnelSession session = new TunnelSession(context, dest, snapshot.version());
        session.staged(context.trial().disagreement(context, dest, r, d, Signal.CONNECTION_CLOSED));
        Tunnel.open(ctx, context, snapshot.policies(), session, dest, protocol, r, d, first);
    }

    /** Plain HTTP inside the tunnel: decided request by request, with the CONNECT target as destination. */
    private void toHttp(ChannelHandlerContext ctx) {
        stop();
        ByteBuf first = buffered;
        buffered = null;
        ChannelPipeline p = ctx.pipeline();
        ProxyHttpCodec.add(p, null);
        p.addLast("http-proxy", new HttpProxyHandler(context, snapshot, dest));
        p.remove(this);
        p.fireChannelRead(first);
    }

    private void stop() {
        done = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
        if (buffered != null) {
            buffered.release();
            buffered = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }
}
