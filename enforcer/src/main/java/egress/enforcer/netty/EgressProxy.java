package egress.enforcer.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The proxy-mode listener of one client identity: clients use it as an HTTP proxy ({@code curl -x}).
 * Absolute-form HTTP requests are decided one by one; CONNECT tunnels are decided by what they carry.
 * A transparent-mode listener would reuse the same handlers behind a different first stage (the
 * original destination from {@code SO_ORIGINAL_DST} instead of the CONNECT line).
 */
public final class EgressProxy implements AutoCloseable {
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final Channel channel;

    private EgressProxy(EventLoopGroup group, boolean ownGroup, Channel channel) {
        this.group = group;
        this.ownGroup = ownGroup;
        this.channel = channel;
    }

    /** Binds a listener on its own event loops. */
    public static EgressProxy start(ProxyContext context, InetSocketAddress listen) throws InterruptedException {
        return start(context, listen, EventLoops.newGroup(0), true);
    }

    /** Binds a listener on shared event loops, which the caller shuts down. */
    public static EgressProxy start(ProxyContext context, InetSocketAddress listen, EventLoopGroup group)
            throws InterruptedException {
        return start(context, listen, group, false);
    }

    private static EgressProxy start(ProxyContext context, InetSocketAddress listen, EventLoopGroup group,
                                     boolean own) throws InterruptedException {
        ConnectionCountHandler counter = new ConnectionCountHandler(context.metrics());
        try {
            Channel ch = new ServerBootstrap().group(group).channel(EventLoops.serverChannel())
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true) // a client's FIN ends its requests, not our answers
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast("count", counter);
                            ConnectionAgeHandler age = ConnectionAgeHandler.of(context);
                            if (age != null) {
                                ch.pipeline().addLast("age", age);
                            }
                            ch.pipeline()
                                    .addLast("flush", new FlushConsolidationHandler(256, true))
                                    .addLast("http-codec", new HttpServerCodec())
                                    .addLast("http-proxy", new HttpProxyHandler(context));
                        }
                    })
                    .bind(listen).sync().channel();
            OwnListeners.add((InetSocketAddress) ch.localAddress());
            return new EgressProxy(group, own, ch);
        } catch (InterruptedException | RuntimeException e) {
            if (own) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        OwnListeners.remove(address());
        channel.close().syncUninterruptibly();
        if (ownGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
