package egress.enforcer.netty;

import egress.enforcer.config.PolicySnapshot;
import egress.enforcer.observe.AccessRecord;
import egress.enforcer.observe.Metrics;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.match.Signal;
import egress.policy.model.Identity;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
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
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the proxy while it speaks HTTP: decides every request on its own (keep-alive
 * connections get one decision per request), forwards allowed ones, answers refused ones as their
 * signal says, and turns an accepted CONNECT into a {@link TunnelSniffHandler}. Requests are handled
 * one at a time; the next is read only when the previous response has been written. Each request is
 * decided under the newest snapshot, so a keep-alive connection sees a revocation at its next request.
 * Timeouts ({@link egress.enforcer.config.Limits}): the request body (408), the upstream's first byte (504)
 * and the pause between parts of its response (closed).
 */
final class HttpProxyHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpProxyHandler.class);

    private enum State {
        IDLE,
        DECIDING,
        FORWARDING,
        AWAITING_RESPONSE,
        DISCARDING,
        CLOSED
    }

    private final ProxyContext context;
    private final Destination tunnel;
    private final ArrayDeque<HttpObject> inbox = new ArrayDeque<>();
    private PolicySnapshot snapshot;
    private ChannelHandlerContext ctx;
    private HttpForwarder forwarder;
    private State state = State.IDLE;
    private HttpExchange exchange;
    private final ExchangeTimers timers = new ExchangeTimers();
    private final Runnable onHeadTimedOut = this::headTimedOut;
    private final Runnable onBodyTimedOut = this::bodyTimedOut;
    private final Runnable onResponseTimedOut = this::responseTimedOut;
    private final Runnable onResponseStalled = this::responseStalled;
    /** Listeners of the writes every exchange makes, made once per connection rather than once per write. */
    private final ChannelFutureListener onAnswerWritten = f -> responseDone();

    private final ChannelFutureListener onLastPartWritten = f -> {
        if (!f.isSuccess()) {
            ctx.close();
        } else {
            responseDone();
            forwarder.readMore(); // a kept upstream is watched while idle: what it sends then closes it
        }
    };
    private final ChannelFutureListener onPartWritten = f -> {
        if (!f.isSuccess()) {
            ctx.close();
        } else {
            timers.responsePartWritten();
            forwarder.readMore();
        }
    };
    private boolean started;
    private boolean inputClosed;
    private final ResponseFraming framing = new ResponseFraming();
    /** Whether a request has gone upstream and its response is awaited or being relayed. */
    private boolean inFlight;
    /** The last request's target: the next one to the same authority reuses what it parsed. */
    private HttpTarget lastTarget;
    /** The snapshot whose set gave {@link #client}, the instance of the client identity its tables hold. */
    private PolicySnapshot clientOf;

    private Identity client;
    /** The client identity's text for the access lines, made once per connection. */
    private String source;

    private ChannelHandlerContext relayed;
    private DrainingResponses draining;
    private Metrics.DecisionCount decisionCount;
    private boolean clientUnflushed;
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
        this.draining = ctx.pipeline().get(DrainingResponses.class);
        this.decisionCount = context.metrics().new DecisionCount();
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
                        timers.bodyDone();
                        respondDenied(exchange.decision);
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
        timers.headDone();
        snapshot = context.policies().get(); // the newest: a revocation reaches keep-alive connections
        if (req.decoderResult().isFailure()) {
            refuseMalformed(
                    req, "malformed request: " + req.decoderResult().cause().getMessage());
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
        HttpTarget t = HttpTarget.parse(req.uri(), tunnel, lastTarget);
        if (t == null) {
            refuseMalformed(req, "expected an absolute-form URI such as http://host/path, got " + req.uri());
            return;
        }
        lastTarget = t;
        state = State.DECIDING;
        timers.body(ctx, context.limits().requestBodyTimeout(), onBodyTimedOut);
        // decided first; a name is resolved before the decision only when its IP can change it
        CompletableFuture<Destination> dest =
                t.destination(context, tunnel, req).forDecision(context, snapshot.policies());
        Destination known = OnLoop.ready(ctx.executor(), dest);
        if (known != null) {
            decide(req, t, known); // the usual case: no lambda, no listener
        } else {
            OnLoop.then(ctx.executor(), dest, (d, e) -> decide(req, t, d));
        }
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
        Set<String> names = context.trial().headerNames(snapshot.policies().routeHeaderNames());
        if (clientOf != snapshot) { // the set's own instance of the client: its decisions settle the client by ==
            clientOf = snapshot;
            client = snapshot.policies().client(context.identity());
        }
        EgressRequest r = t.request(client, dest, req, names);
        Decision d = UpstreamRoute.decide(context, snapshot.policies(), dest, r, Signal.HTTP_403);
        exchange = new HttpExchange(req, dest, t.target(), HttpUtil.isKeepAlive(req));
        exchange.hostHeader = t.authority();
        exchange.decision = d;
        exchange.keepWhatDecides(r, snapshot.policies());
        exchange.trial = exchange.trial.withStaged(context.trial().disagreement(context, dest, r, d, Signal.HTTP_403));
        if (d.allowed()) {
            CompletableFuture<UpstreamRoute.Outcome> routed =
                    UpstreamRoute.of(context, snapshot.policies(), dest, r, d, Signal.HTTP_403);
            UpstreamRoute.Outcome known = OnLoop.ready(ctx.executor(), routed);
            if (known != null) {
                routed(known, null, t, d, dest);
            } else {
                OnLoop.then(ctx.executor(), routed, (route, e) -> routed(route, e, t, d, dest));
            }
        } else {
            refuseOrReport(d, t, dest);
        }
    }

    private void routed(UpstreamRoute.Outcome route, Throwable e, HttpTarget t, Decision d, Destination dest) {
        if (state == State.CLOSED) {
            return;
        }
        if (e != null) {
            refuse(Decision.refused(Signal.HTTP_403, e.toString()), t);
        } else if (route.refusal() != null) {
            refuseOrReport(route.refusal(), t, dest);
        } else {
            exchange.decision = d;
            decisionCount.decided(d, t.host());
            connect(route.to());
        }
    }

    /** Refuses as {@code d} says; under report-only forwards to the requested destination instead, when it may. */
    private void refuseOrReport(Decision d, HttpTarget t, Destination dest) {
        if (!context.trial().reportOnly()) {
            refuse(d, t);
            return;
        }
        UpstreamRoute.reportOnly(context, snapshot.policies(), dest, d, Signal.HTTP_403)
                .whenComplete((route, e) -> ctx.executor().execute(() -> {
                    if (state == State.CLOSED) {
                        return;
                    }
                    if (e != null || route.refusal() != null) {
                        refuse(e != null ? Decision.refused(Signal.HTTP_403, e.toString()) : route.refusal(), t);
                        return;
                    }
                    exchange.decision = d;
                    exchange.trial = exchange.trial.notEnforced();
                    decisionCount.decided(d, t.host());
                    context.trial().wouldRefuse(d);
                    connect(route.to());
                }));
    }

    private void refuse(Decision d, HttpTarget t) {
        exchange.decision = d;
        decisionCount.decided(d, t.host());
        if (d.signal() != null && d.signal().httpStatus() > 0 && HttpUtil.is100ContinueExpected(exchange.request)) {
            // the client waits for a 100 before it sends the body: answer now, and close, since the body may follow
            exchange.keepAliveOff();
            respondDenied(d);
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
            framing.start(exchange.request.method().equals(HttpMethod.HEAD));
            inFlight = true;
            forwarder.sendHead(exchange.request, exchange.target, exchange.hostHeader);
            state = State.FORWARDING;
            drain();
            forwarder.flush(); // the head and the parts already read go in one write
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
            timers.bodyDone();
            if (exchange.status == 0) {
                timers.firstByte(ctx, context.limits().responseTimeout(), onResponseTimedOut);
            }
            if (inbox.isEmpty() && !inputClosed) {
                // the client is still read while the answer comes: a request it sends meanwhile waits in the inbox
                // (one read's worth at most, since none is asked for while the inbox holds something), and its
                // read interest stays set instead of being cleared and set again around every response. Not after
                // its FIN: Netty's epoll channel closes one that is read again once its input has ended
                ctx.read();
            }
        }
        ChannelFuture sent = forwarder.send(part);
        if (last) {
            return; // the client is read already (above); nothing waits for the last part's write
        }
        if (sent == null) {
            if (inbox.isEmpty()) {
                ctx.read();
            }
            return;
        }
        sent.addListener(f -> {
            if (f.isSuccess() && state == State.FORWARDING && inbox.isEmpty()) {
                ctx.read();
            }
        });
    }

    /**
     * Bytes of the upstream's response, relayed as they came ({@link ResponseFraming} finds the status and where
     * the response ends); the upstream is read again once they are out. A response that cannot be framed is
     * answered 502 when none of it has reached the client yet, else the client's connection is closed.
     */
    void responseBytes(Channel from, ByteBuf in) {
        if (!forwarder.isUpstream(from) || state == State.CLOSED) {
            in.release();
            return;
        }
        if (exchange == null || !inFlight) {
            in.release();
            forwarder.close(); // bytes while no request is in flight: this upstream is out of step, and not used again
            return;
        }
        timers.responsePart(ctx, context.limits().responseIdleTimeout(), onResponseStalled);
        ChannelFuture last = null;
        int run = in.readerIndex(); // bytes of this read relayed as they came: written as one buffer
        while (in.isReadable() && !framing.complete() && framing.error() == null) {
            if (framing.awaitingHead()) {
                int before = in.readerIndex();
                ByteBuf head = framing.head(in, ctx.alloc());
                if (head == null) {
                    last = relay(in, run, before, last); // what came of the head is kept by the framing
                    run = in.readerIndex();
                    break; // incomplete, or unframeable
                }
                boolean asRead = framing.headInPlace();
                if (!framing.interim()) {
                    exchange.status = framing.status();
                    if (!framing.keepAlive()) {
                        exchange.keepAliveOff();
                    }
                    if (draining != null && draining.closing()) {
                        ByteBuf closing = ResponseFraming.closing(head, ctx.alloc());
                        head.release();
                        head = closing;
                        asRead = false;
                        exchange.keepAliveOff();
                    }
                }
                if (asRead) {
                    head.release(); // its bytes are in the run
                } else {
                    last = relay(in, run, before, last);
                    last = relayed().write(head);
                    run = in.readerIndex();
                }
            } else {
                in.skipBytes(framing.body(in));
            }
        }
        last = relay(in, run, in.readerIndex(), last);
        exchange.bytesDown = framing.payload();
        boolean done = framing.complete();
        if (done && in.isReadable()) {
            forwarder.close(); // more than the response: the upstream spoke out of turn, and is not used again
        }
        in.release();
        if (framing.error() != null) {
            unframeable(framing.error());
            return;
        }
        if (last == null) {
            forwarder.readMore(); // the head is not complete yet
            return;
        }
        clientUnflushed = true;
        last.addListener(done ? onLastPartWritten : onPartWritten);
    }

    /** Writes {@code in}'s bytes from {@code from} to {@code to} as one buffer, if any; the last write's future. */
    private ChannelFuture relay(ByteBuf in, int from, int to, ChannelFuture last) {
        return to > from ? relayed().write(in.retainedSlice(from, to - from)) : last;
    }

    /** Where relayed bytes are written: the decoder's context, so that they skip the response encoder. */
    private ChannelHandlerContext relayed() {
        if (relayed == null) {
            relayed = ProxyHttpCodec.relayContext(ctx.pipeline());
            if (relayed == null) {
                throw new IllegalStateException("no HTTP codec before the proxy handler");
            }
        }
        return relayed;
    }

    private void unframeable(String why) {
        forwarder.close();
        if (exchange.status == 0) {
            exchange.keepAliveOff();
            respond(ProxyResponses.badUpstreamResponse(exchange.decision, why));
            return;
        }
        endExchange();
        state = State.CLOSED;
        Channels.closeOnFlush(ctx.channel());
    }

    /** The end of a batch of upstream reads: what {@link #responsePart} wrote goes to the client in one flush. */
    void responseBatchRead() {
        if (clientUnflushed) {
            clientUnflushed = false;
            ctx.flush();
        }
    }

    /** The end of a batch of client reads: the request parts forwarded in it go upstream in one flush. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        forwarder.flush();
        ctx.fireChannelReadComplete();
    }

    void upstreamClosed(Channel from) {
        responseBatchRead();
        if (exchange == null
                || !forwarder.isUpstream(from)
                || (state != State.FORWARDING && state != State.AWAITING_RESPONSE)) {
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

    /** The request body did not arrive in time: 408 if nothing was answered yet, and the connection is closed. */
    private void bodyTimedOut() {
        if (state == State.CLOSED) {
            return;
        }
        context.metrics().timedOut();
        boolean answered = exchange != null && exchange.status != 0;
        state = State.CLOSED;
        forwarder.close();
        if (answered) {
            endExchange();
            ctx.close();
            return;
        }
        if (exchange != null) {
            exchange.status = 408;
        }
        endExchange();
        ctx.writeAndFlush(ProxyResponses.bodyTimeout()).addListener(ChannelFutureListener.CLOSE);
    }

    /** No response head from the upstream in time: 504, and neither connection is kept. */
    private void responseTimedOut() {
        if (state == State.CLOSED || exchange == null || exchange.status != 0) {
            return;
        }
        context.metrics().timedOut();
        exchange.keepAliveOff();
        forwarder.close();
        respond(ProxyResponses.upstreamTimeout(exchange.decision));
    }

    /** The upstream stopped in the middle of its response: the client's connection is closed, as the response is cut. */
    private void responseStalled() {
        if (state == State.CLOSED || exchange == null) {
            return;
        }
        context.metrics().timedOut();
        state = State.CLOSED;
        forwarder.close();
        endExchange();
        ctx.close();
    }

    /** The refusal of {@code d}, from the bytes {@link DeniedAnswers} keeps, else built as any other answer. */
    private void respondDenied(Decision d) {
        DeniedAnswers.Answer a = DeniedAnswers.of(d);
        if (a == null) {
            respond(ProxyResponses.denied(d));
            return;
        }
        boolean head = exchange.request.method().equals(HttpMethod.HEAD);
        if (draining != null && draining.closing()) {
            exchange.keepAliveOff();
        }
        exchange.status = d.signal().httpStatus();
        exchange.bytesDown += head ? 0 : a.bodyLength();
        state = State.AWAITING_RESPONSE;
        byte[] bytes = a.forms()[DeniedAnswers.form(!exchange.keepAlive, head)];
        relayed().writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(onAnswerWritten);
    }

    private void respond(FullHttpResponse answer) {
        FullHttpResponse res = ProxyResponses.asSent(
                answer, exchange.keepAlive, exchange.request.method().equals(HttpMethod.HEAD));
        exchange.status = res.status().code();
        exchange.bytesDown += res.content().readableBytes();
        state = State.AWAITING_RESPONSE;
        ctx.writeAndFlush(res).addListener(onAnswerWritten);
    }

    private void responseDone() {
        timers.cancel();
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
        if (inFlight) {
            framing.release();
            inFlight = false;
        }
        if (exchange != null) {
            context.metrics().bytes(exchange.bytesUp, exchange.bytesDown);
            if (source == null) {
                source = context.identity().toString();
            }
            context.accessLog().log(exchange.record(source, snapshot.version()));
            exchange = null;
        }
    }

    private void refuseMalformed(HttpRequest req, String why) {
        state = State.CLOSED;
        context.metrics().decided(null, null);
        context.accessLog()
                .log(new AccessRecord(
                        Instant.now(),
                        context.identity().toString(),
                        "http",
                        null,
                        null,
                        0,
                        null,
                        req.method().name(),
                        null,
                        null,
                        snapshot.version(),
                        400,
                        0,
                        0,
                        0));
        ctx.writeAndFlush(ProxyResponses.badRequest(why)).addListener(ChannelFutureListener.CLOSE);
    }

    private void armHeadTimer() {
        timers.head(ctx, context.headerTimeout(), onHeadTimedOut);
    }

    /** No complete request head within the header timeout: 408, and the connection is closed. */
    private void headTimedOut() {
        if (state == State.IDLE) {
            state = State.CLOSED;
            ctx.writeAndFlush(ProxyResponses.timeout()).addListener(ChannelFutureListener.CLOSE);
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

    /**
     * The client's connection failed (a reset, most often): it is closed, and {@link #channelInactive} ends what was
     * under way. Routine for a proxy, so not a warning with a stack trace per connection.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("client connection {} failed: {}", ctx.channel(), cause.toString());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timers.stop();
        state = State.CLOSED;
        inbox.forEach(ReferenceCountUtil::release);
        inbox.clear();
        forwarder.close();
        endExchange();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timers.stop();
        framing.release();
        if (early != null) {
            early.release();
            early = null;
        }
        inbox.forEach(ReferenceCountUtil::release);
        inbox.clear();
    }
}
