package egress.enforcer.netty;

import egress.enforcer.config.PolicySnapshot;
import egress.enforcer.observe.AccessRecord;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.match.Signal;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client side of the proxy while it speaks HTTP: decides every request on its own (keep-alive
 * connections get one decision per request), forwards allowed ones, answers refused ones as their
 * signal says, and turns an accepted CONNECT into a {@link TunnelSniffHandler}. Requests are handled
 * one at a time; the next is read only when the previous response has been written.
 */
final class HttpProxyHandler extends ChannelInboundHandlerAdapter {
    private enum State { IDLE, DECIDING, FORWARDING, AWAITING_RESPONSE, DISCARDING, CLOSED }

    private final ProxyContext context;
    private final Destination tunnel;
    private final ArrayDeque<HttpObject> inbox = new ArrayDeque<>();
    private PolicySnapshot snapshot;
    private ChannelHandlerContext ctx;
    private HttpForwarder forwarder;
    private State state = State.IDLE;
    private HttpExchange exchange;
    private ScheduledFuture<?> headTimer;
    private boolean started;
    private boolean inputClosed;
    private boolean interim;
    private boolean tunnelPending;
    private ByteBuf early;

    HttpProxyHandler(ProxyContext context) {
        this(context, null, null);
    }

    /** Inside a CONNECT tunnel: the snapshot is the connection's, and origin-form requests go to {@code tunnel}. */
    HttpProxyHandler(ProxyContext context, PolicySnapshot snapshot, Destination tunnel) {
        this.context = context;
        this.snapshot = snapshot;
        this.tunnel = tunnel;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.forwarder = new HttpForwarder(ctx.channel(), context, this);
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    private void start() {
        if (!started) {
            started = true;
            if (snapshot == null) {
                snapshot = context.policies().get();
            }
            armHeadTimer();
            ctx.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b && tunnelPending) {
            // sent right behind a CONNECT (the codec is gone): the tunnel's first bytes, kept for its sniffer
            early = early == null ? ctx.alloc().buffer() : early;
            early.writeBytes(b);
            b.release();
            return;
        }
        if (msg instanceof HttpObject o && state != State.CLOSED) {
            inbox.add(o);
            drain();
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void drain() {
        while (!inbox.isEmpty()) {
            switch (state) {
                case IDLE -> {
                    HttpObject o = inbox.poll();
                    if (o instanceof HttpRequest req) {
                        begin(req);
                    }
                    ReferenceCountUtil.release(o);
                }
                case FORWARDING -> forward((HttpContent) inbox.poll());
                case DISCARDING -> {
                    HttpObject o = inbox.poll();
                    ReferenceCountUtil.release(o);
                    if (o instanceof LastHttpContent) {
                        respond(ProxyResponses.denied(exchange.decision));
                    }
                }
                default -> {
                    return;
                }
            }
        }
        if (state == State.IDLE || state == State.DISCARDING) {
            ctx.read();
        }
    }

    private void begin(HttpRequest req) {
        cancelHeadTimer();
        if (req.decoderResult().isFailure()) {
            refuseMalformed(req, "malformed request: " + req.decoderResult().cause().getMessage());
            return;
        }
        if (req.headers().getAll(HttpHeaderNames.HOST).size() > 1) {
            refuseMalformed(req, "more than one Host header (RFC 9112 section 3.2)");
            return;
        }
        if (req.method().equals(HttpMethod.CONNECT)) {
            state = State.DECIDING;
            tunnelPending = true;
            ConnectRequest.accept(ctx, context, snapshot, req, this::refuseMalformed, this::takeEarly);
            return;
        }
        HttpTarget t = HttpTarget.parse(req.uri(), tunnel);
        if (t == null) {
            refuseMalformed(req, "expected an absolute-form URI such as http://host/path, got " + req.uri());
            return;
        }
        state = State.DECIDING;
        // decided first; a name is resolved before the decision only when its IP can change it
        CompletableFuture<Destination> dest = t.destination(context, tunnel, req).forDecision(context, snapshot.policies());
        dest.whenComplete((d, e) -> ctx.executor().execute(() -> decide(req, t, d)));
    }

    private ByteBuf takeEarly() {
        ByteBuf b = early;
        early = null;
        tunnelPending = false;
        return b;
    }

    private void decide(HttpRequest req, HttpTarget t, Destination dest) {
        if (state == State.CLOSED) {
            return;
        }
        EgressRequest r = t.request(context.identity(), dest, req);
        Decision d = UpstreamRoute.decide(context, snapshot.policies(), dest, r, Signal.HTTP_403);
        exchange = new HttpExchange(req, dest, t.target(), HttpUtil.isKeepAlive(req));
        exchange.hostHeader = t.authority();
        exchange.decision = d;
        if (d.allowed()) {
            UpstreamRoute.of(context, snapshot.policies(), dest, r, d, Signal.HTTP_403).whenComplete((route, e) ->
                    ctx.executor().execute(() -> {
                        if (state == State.CLOSED) {
                            return;
                        }
                        if (e != null || route.refusal() != null) {
                            refuse(e != null ? Decision.refused(Signal.HTTP_403, e.toString()) : route.refusal(), t);
                        } else {
                            exchange.decision = d;
                            context.metrics().decided(d, t.host());
                            connect(route.to());
                        }
                    }));
        } else {
            refuse(d, t);
        }
    }

    private void refuse(Decision d, HttpTarget t) {
        exchange.decision = d;
        context.metrics().decided(d, t.host());
        if (d.signal() != null && d.signal().httpStatus() > 0 && HttpUtil.is100ContinueExpected(exchange.request)) {
            // the client waits for a 100 before it sends the body: answer now, and close, since the body may follow
            exchange.keepAliveOff();
            respond(ProxyResponses.denied(d));
        } else if (d.signal() != null && d.signal().httpStatus() > 0) {
            state = State.DISCARDING;
            drain();
        } else {
            endExchange();
            state = State.CLOSED;
            Refusals.apply(ctx.channel(), d.signal());
        }
    }

    private void connect(Destination to) {
        if (state == State.CLOSED) {
            return;
        }
        forwarder.open(to, ok -> {
            if (state == State.CLOSED) {
                return;
            }
            if (!ok) {
                exchange.keepAliveOff();
                respond(ProxyResponses.upstreamFailed(exchange.decision));
                return;
            }
            forwarder.sendHead(exchange.request, exchange.target, exchange.hostHeader);
            state = State.FORWARDING;
            drain();
            if (state == State.FORWARDING && inbox.isEmpty()) {
                ctx.read(); // the body has not come yet (a client sending Expect: 100-continue waits for the 100)
            }
        });
    }

    private void forward(HttpContent part) {
        exchange.bytesUp += part.content().readableBytes();
        boolean last = part instanceof LastHttpContent;
        if (last) {
            state = State.AWAITING_RESPONSE;
        }
        forwarder.send(part).addListener(f -> {
            if (!last && f.isSuccess() && state == State.FORWARDING && inbox.isEmpty()) {
                ctx.read();
            }
        });
    }

    /** A part of the upstream's response: written to the client, the next part read once it is out. */
    void responsePart(Channel from, HttpObject part) {
        if (exchange == null || !forwarder.isUpstream(from) || state == State.CLOSED) {
            ReferenceCountUtil.release(part);
            return;
        }
        if (part instanceof HttpResponse res) {
            int code = res.status().code();
            // an interim answer (100 Continue, 102, 103) is passed on, and the final one is still to come
            interim = code >= 100 && code < 200 && code != 101;
            if (!interim) {
                exchange.status = code;
                if (!HttpUtil.isKeepAlive(res)) {
                    exchange.keepAliveOff();
                }
            }
        }
        if (part instanceof HttpContent c) {
            exchange.bytesDown += c.content().readableBytes();
        }
        boolean last = part instanceof LastHttpContent && !interim;
        if (part instanceof LastHttpContent) {
            interim = false;
        }
        ctx.writeAndFlush(part).addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
            } else if (last) {
                responseDone();
            } else {
                forwarder.readMore();
            }
        });
    }

    void upstreamClosed(Channel from) {
        if (exchange == null || !forwarder.isUpstream(from) || (state != State.FORWARDING && state != State.AWAITING_RESPONSE)) {
            return;
        }
        if (exchange.status == 0) {
            exchange.keepAliveOff();
            respond(ProxyResponses.upstreamFailed(exchange.decision));
        } else {
            endExchange();
            state = State.CLOSED;
            Channels.closeOnFlush(ctx.channel());
        }
    }

    private void respond(FullHttpResponse res) {
        exchange.status = res.status().code();
        exchange.bytesDown += res.content().readableBytes();
        HttpUtil.setKeepAlive(res, exchange.keepAlive);
        state = State.AWAITING_RESPONSE;
        ctx.writeAndFlush(res).addListener(f -> responseDone());
    }

    private void responseDone() {
        boolean keepAlive = exchange.keepAlive && !inputClosed;
        endExchange();
        if (!keepAlive || !ctx.channel().isActive()) {
            state = State.CLOSED;
            forwarder.close();
            Channels.closeOnFlush(ctx.channel());
            return;
        }
        state = State.IDLE;
        armHeadTimer();
        drain();
    }

    private void endExchange() {
        if (exchange != null) {
            context.metrics().bytes(exchange.bytesUp, exchange.bytesDown);
            context.accessLog().log(exchange.record(context, snapshot.version()));
            exchange = null;
        }
    }

    private void refuseMalformed(HttpRequest req, String why) {
        state = State.CLOSED;
        context.metrics().decided(null, null);
        context.accessLog().log(new AccessRecord(Instant.now(), context.identity().toString(), "http", null, null, 0,
                null, req.method().name(), null, null, snapshot.version(), 400, 0, 0, 0));
        ctx.writeAndFlush(ProxyResponses.badRequest(why)).addListener(ChannelFutureListener.CLOSE);
    }

    private void armHeadTimer() {
        long ms = context.headerTimeout().toMillis();
        headTimer = ctx.executor().schedule(() -> {
            if (state == State.IDLE) {
                state = State.CLOSED;
                ctx.writeAndFlush(ProxyResponses.timeout()).addListener(ChannelFutureListener.CLOSE);
            }
        }, ms, TimeUnit.MILLISECONDS);
    }

    private void cancelHeadTimer() {
        if (headTimer != null) {
            headTimer.cancel(false);
        }
    }

    /** The client has sent its last byte (half-close): answer what it asked, then close. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputClosed = true;
            if (state == State.IDLE && inbox.isEmpty()) {
                state = State.CLOSED;
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelHeadTimer();
        state = State.CLOSED;
        inbox.forEach(ReferenceCountUtil::release);
        inbox.clear();
        forwarder.close();
        endExchange();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelHeadTimer();
        if (early != null) {
            early.release();
            early = null;
        }
        inbox.forEach(ReferenceCountUtil::release);
        inbox.clear();
    }
}
