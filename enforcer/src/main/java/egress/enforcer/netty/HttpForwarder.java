package egress.enforcer.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.util.function.Consumer;

/**
 * The upstream side of one client's HTTP connection: one upstream connection at a time, kept open
 * across requests to the same place and replaced when a request goes elsewhere.
 */
final class HttpForwarder {
    private final Channel client;
    private final ProxyContext context;
    private final HttpProxyHandler front;
    private Channel upstream;
    private Destination connectedTo;

    HttpForwarder(Channel client, ProxyContext context, HttpProxyHandler front) {
        this.client = client;
        this.context = context;
        this.front = front;
    }

    /** Makes sure an upstream connection to {@code to} is open, then calls {@code ready} on the event loop. */
    void open(Destination to, Consumer<Boolean> ready) {
        if (upstream != null && upstream.isActive() && to.address() != null && to.address().equals(connectedTo.address())
                && to.target().port() == connectedTo.target().port()) {
            ready.accept(true);
            return;
        }
        close();
        if (to.address() == null) {
            ready.accept(false);
            return;
        }
        ChannelFuture f = UpstreamConnector.connect(client, context, to.address(), to.target().port(),
                new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new FlushConsolidationHandler(256, true), new HttpClientCodec(),
                                new HttpUpstreamHandler(front));
                    }
                });
        upstream = f.channel();
        connectedTo = to;
        f.addListener(done -> ready.accept(done.isSuccess()));
    }

    /**
     * Sends a request head upstream in origin form, without the proxy's own headers, and starts reading.
     * {@code host}, when given, replaces the Host header: what was decided is what the upstream sees.
     */
    ChannelFuture sendHead(HttpRequest req, String target, String host) {
        HttpHeaders headers = req.headers().copy();
        if (host != null) {
            headers.set(HttpHeaderNames.HOST, host);
        }
        headers.remove("proxy-connection");
        headers.remove(HttpHeaderNames.PROXY_AUTHORIZATION);
        ChannelFuture f = upstream.writeAndFlush(new DefaultHttpRequest(req.protocolVersion(), req.method(), target, headers));
        upstream.read();
        return f;
    }

    ChannelFuture send(HttpObject part) {
        return upstream.writeAndFlush(part);
    }

    boolean isUpstream(Channel ch) {
        return ch == upstream;
    }

    void readMore() {
        if (upstream != null) {
            upstream.read();
        }
    }

    void close() {
        if (upstream != null) {
            upstream.close();
            upstream = null;
            connectedTo = null;
        }
    }
}
