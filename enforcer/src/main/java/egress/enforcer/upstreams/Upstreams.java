package egress.enforcer.upstreams;

import egress.enforcer.netty.EventLoops;
import egress.enforcer.tls.SelfSignedTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in upstreams the walkthrough needs in place of the internet: an httpbin-like HTTP server,
 * the same over TLS with a certificate made at start, and a TCP server that speaks first.
 * A port of 0 binds an ephemeral port; a negative port leaves that server off.
 */
public final class Upstreams implements AutoCloseable {
    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private int httpPort = -1;
    private int httpsPort = -1;
    private int tcpPort = -1;

    private Upstreams(EventLoopGroup group) {
        this.group = group;
    }

    /** {@code egress upstreams}' defaults: this machine only, and the ports the README's examples name. */
    public static final String DEFAULT_BIND = "127.0.0.1";

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_HTTPS_PORT = 8443;
    public static final int DEFAULT_TCP_PORT = 9000;

    /** Starts the servers on {@code bindAddress}; a port of 0 binds an ephemeral one, a negative one leaves it off. */
    public static Upstreams start(String bindAddress, int httpPort, int httpsPort, int tcpPort)
            throws IOException, GeneralSecurityException, InterruptedException {
        Upstreams u = new Upstreams(EventLoops.newGroup(2));
        try {
            if (httpPort >= 0) {
                u.httpPort = u.bind(bindAddress, httpPort, http(null, "http"));
            }
            if (httpsPort >= 0) {
                u.httpsPort = u.bind(bindAddress, httpsPort, http(SelfSignedTls.serverContext("httpbin.org"), "https"));
            }
            if (tcpPort >= 0) {
                u.tcpPort = u.bind(bindAddress, tcpPort, new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new BannerHandler());
                    }
                });
            }
            return u;
        } catch (IOException | GeneralSecurityException | InterruptedException | RuntimeException e) {
            u.close();
            throw e;
        }
    }

    private static ChannelInitializer<SocketChannel> http(SslContext tls, String scheme) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ChannelPipeline p = ch.pipeline();
                if (tls != null) {
                    p.addLast(tls.newHandler(ch.alloc()));
                }
                p.addLast(
                        new HttpServerCodec(),
                        new HttpServerKeepAliveHandler(),
                        new BodyAggregator(),
                        new ChunkedWriteHandler(),
                        new HttpbinHandler(scheme));
            }
        };
    }

    /**
     * Netty's aggregator, except that a request without a body keeps the head it was sent with: Netty adds
     * {@code Content-Length: 0}, which httpbin would echo as a header the client never sent (the differential test
     * compares the echo with the simulator's).
     */
    private static final class BodyAggregator extends HttpObjectAggregator {
        BodyAggregator() {
            super(1 << 20);
        }

        @Override
        protected void finishAggregation(io.netty.handler.codec.http.FullHttpMessage aggregated) throws Exception {
            if (aggregated.content().isReadable()) {
                super.finishAggregation(aggregated);
            }
        }
    }

    private int bind(String address, int port, ChannelInitializer<SocketChannel> init) throws InterruptedException {
        Channel ch = new ServerBootstrap()
                .group(group)
                .channel(EventLoops.serverChannel())
                .childHandler(init)
                .bind(new InetSocketAddress(address, port))
                .sync()
                .channel();
        channels.add(ch);
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    /** The bound HTTP port, or -1 when that server is off. */
    public int httpPort() {
        return httpPort;
    }

    public int httpsPort() {
        return httpsPort;
    }

    public int tcpPort() {
        return tcpPort;
    }

    /** Blocks until every server has closed. */
    public void awaitClose() throws InterruptedException {
        for (Channel ch : channels) {
            ch.closeFuture().sync();
        }
    }

    @Override
    public void close() {
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
