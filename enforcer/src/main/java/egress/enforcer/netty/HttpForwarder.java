package egress.enforcer.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
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
                        ch.pipeline().addLast(new HttpRequestEncoder(), new HttpUpstreamHandler(front));
                    }
                });
        upstream = f.channel();
        connectedTo = to;
        f.addListener(done -> ready.accept(done.isSuccess()));
    }

    /**
     * Writes a request head upstream in origin form, without the proxy's own headers, and starts reading; it goes
     * out with the next {@link #flush()}. {@code host}, when given, replaces the Host header: what was decided is
     * what the upstream sees. The client's request object is reused (its URI and headers rewritten in place, no
     * copy): after this only its method is read.
     */
    void sendHead(HttpRequest req, String target, String host) {
        HttpHeaders headers = req.headers();
        if (host != null) {
            headers.set(HttpHeaderNames.HOST, host);
        }
        headers.remove(PROXY_CONNECTION);
        headers.remove(HttpHeaderNames.PROXY_AUTHORIZATION);
        req.setUri(target);
        write(req);
        upstream.read();
    }

    /** Writes a part of the request body upstream; it goes out with the next {@link #flush()}. */
    ChannelFuture send(HttpObject part) {
        return write(part);
    }

    private ChannelFuture write(Object msg) {
        unflushed = true;
        return upstream.write(msg);
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
