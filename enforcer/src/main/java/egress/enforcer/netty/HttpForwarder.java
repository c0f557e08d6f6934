package egress.enforcer.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
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
    private boolean unflushed;
    private final UpstreamRequestWriter writer = new UpstreamRequestWriter();
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");

    HttpForwarder(Channel client, ProxyContext context, HttpProxyHandler front) {
        this.client = client;
        this.context = context;
        this.front = front;
    }

    /** Makes sure an upstream connection to {@code to} is open, then calls {@code ready} on the event loop. */
    void open(Destination to, Consumer<Boolean> ready) {
        if (upstream != null
                && upstream.isActive()
                && to.address() != null
                && to.address().equals(connectedTo.address())
                && to.target().port() == connectedTo.target().port()) {
            ready.accept(true);
            return;
        }
        close();
        if (to.address() == null) {
            ready.accept(false);
            return;
        }
        ChannelFuture f = UpstreamConnector.connect(
                client, context, to.address(), to.target().port(), new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpUpstreamHandler(front));
                    }
                });
        upstream = f.channel();
        connectedTo = to;
        f.addListener(done -> ready.accept(done.isSuccess()));
    }

    /**
     * Writes a request head upstream in origin form, without the proxy's own headers, and starts reading; it goes
     * out with the next {@link #flush()}. {@code host}, when given, replaces the Host header: what was decided is
     * what the upstream sees. The client's request object is reused (its headers rewritten in place, no copy).
     * No promise: a failed write reaches the upstream's exception handler, which closes it, and the client is told
     * as for any upstream that went away.
     */
    void sendHead(HttpRequest req, String target, String host) {
        HttpHeaders headers = req.headers();
        if (host != null) {
            headers.set(HttpHeaderNames.HOST, host);
        }
        headers.remove(PROXY_CONNECTION);
        headers.remove(HttpHeaderNames.PROXY_AUTHORIZATION);
        unflushed = true;
        upstream.write(writer.head(upstream.alloc(), req, target), upstream.voidPromise());
        upstream.read();
    }

    /**
     * Writes a part of the request body upstream (released); it goes out with the next {@link #flush()}. The future
     * of its write, or null when the part had nothing to send (the end of a body with a length, or of none).
     */
    ChannelFuture send(HttpContent part) {
        ByteBuf bytes = writer.body(upstream.alloc(), part);
        if (bytes == null) {
            return null;
        }
        unflushed = true;
        return upstream.write(bytes);
    }

    /** Sends what {@link #sendHead} and {@link #send} wrote: one flush per batch of the client's reads. */
    void flush() {
        if (unflushed && upstream != null) {
            unflushed = false;
            upstream.flush();
        }
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
        unflushed = false;
        if (upstream != null) {
            upstream.close();
            upstream = null;
            connectedTo = null;
        }
    }
}
