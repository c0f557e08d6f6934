package egress.enforcer.netty;

import egress.enforcer.identity.PodAddressIndex;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

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
    private final AtomicBoolean draining;

    private EgressProxy(EventLoopGroup group, boolean ownGroup, Channel channel, AtomicBoolean draining) {
        this.group = group;
        this.ownGroup = ownGroup;
        this.channel = channel;
        this.draining = draining;
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

    /**
     * One listener for every client on shared event loops: each connection's identity is the service account of
     * the pod whose address it comes from ({@link PodIdentityHandler}); {@code context}'s own identity is unused.
     */
    public static EgressProxy startByPodAddress(
            ProxyContext context, InetSocketAddress listen, EventLoopGroup group, PodAddressIndex pods)
            throws InterruptedException {
        return start(context, listen, group, false, draining -> new PodIdentityHandler(context, pods, draining));
    }

    private static EgressProxy start(ProxyContext context, InetSocketAddress listen, EventLoopGroup group, boolean own)
            throws InterruptedException {
        return start(context, listen, group, own, null);
    }

    private static EgressProxy start(
            ProxyContext context,
            InetSocketAddress listen,
            EventLoopGroup group,
            boolean own,
            Function<BooleanSupplier, ChannelHandler> identify)
            throws InterruptedException {
        ConnectionCountHandler counter = new ConnectionCountHandler(context.metrics());
        AtomicBoolean draining = new AtomicBoolean();
        try {
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(EventLoops.serverChannel())
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(
                            ChannelOption.ALLOW_HALF_CLOSURE, true) // a client's FIN ends its requests, not our answers
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast("count", counter);
                            ConnectionAgeHandler age = ConnectionAgeHandler.of(context);
                            if (age != null) {
                                ch.pipeline().addLast("age", age);
                            }
                            // no FlushConsolidationHandler: the HTTP handlers flush once per read batch themselves,
                            // and a relaying tunnel once per read
                            if (identify != null) {
                                ch.pipeline()
                                        .addLast("identify", identify.apply(draining::get)); // adds the three below
                                return;
                            }
                            ProxyHttpCodec.add(ch.pipeline(), null);
                            ch.pipeline()
                                    .addLast("drain", new DrainingResponses(draining::get))
                                    .addLast("http-proxy", new HttpProxyHandler(context));
                        }
                    })
                    .bind(listen)
                    .sync()
                    .channel();
            OwnListeners.add((InetSocketAddress) ch.localAddress());
            return new EgressProxy(group, own, ch, draining);
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

    /**
     * The first step of a graceful stop: the listener closes (new connections are refused) and from now on
     * answers to plain HTTP requests on the connections still open carry {@code Connection: close}.
     */
    public void drain() {
        draining.set(true);
        channel.close().syncUninterruptibly();
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
