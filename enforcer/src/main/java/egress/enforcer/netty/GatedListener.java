package egress.enforcer.netty;

import egress.enforcer.config.PolicySnapshot;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener that exists only while its pod has outbound configuration, as a sidecar's outbound listener
 * on 15001 does: bound while the current snapshot gives the identity a listener ({@code hasListener}),
 * closed otherwise, so that the kernel refuses the connection and a client reports "connection refused"
 * (curl exit 7), as in the guide. Two kinds: transparent (iptables redirects the pod's outbound TCP to
 * this port, the original destination is read from each accepted socket) and proxy (clients use it as an
 * HTTP proxy, as {@link EgressProxy} does, with the guide's exit 7 when the pod has no configuration).
 * The snapshot is checked every {@link #CHECK_MILLIS} ms; connections already accepted stay when the port
 * closes, and are decided again as any other (HTTP per request, tunnels by {@link OpenTunnels}).
 */
public final class GatedListener implements AutoCloseable {
    static final long CHECK_MILLIS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(GatedListener.class);
    private final ProxyContext context;
    private final InetSocketAddress listen;
    private final ServerBootstrap bootstrap;
    private final ScheduledExecutorService checker;
    private final ScheduledFuture<?> check;
    private PolicySnapshot seen;
    private Channel channel;
    private boolean closed;

    private GatedListener(ProxyContext context, InetSocketAddress listen, EventLoopGroup group, boolean transparent) {
        this.context = context;
        this.listen = listen;
        ConnectionCountHandler counter = new ConnectionCountHandler(context.metrics());
        this.bootstrap = new ServerBootstrap()
                .group(group)
                .channel(EventLoops.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("count", counter);
                        ConnectionAgeHandler age = ConnectionAgeHandler.of(context);
                        if (age != null) {
                            ch.pipeline().addLast("age", age);
                        }
                        if (transparent) {
                            ch.pipeline().addLast("transparent", new TransparentHandler(context));
                        } else {
                            ProxyHttpCodec.add(ch.pipeline(), null);
                            ch.pipeline().addLast("http-proxy", new HttpProxyHandler(context));
                        }
                    }
                });
        // binding waits for the event loop, so the checks run on a thread of their own
        OwnListeners.add(listen); // bound or not, the port is the enforcer's own
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "egress-listener-" + listen.getPort());
            t.setDaemon(true);
            return t;
        });
        this.check = checker.scheduleWithFixedDelay(this::recheck, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts following the policies; binds at once when the pod already has a listener. The port must be
     * fixed (not 0), since the iptables redirect names it.
     */
    public static GatedListener transparent(ProxyContext context, InetSocketAddress listen, EventLoopGroup group) {
        if (!EventLoops.epoll()) {
            throw new IllegalStateException(
                    "transparent mode needs Netty's epoll transport (Linux): " + EventLoops.epollUnavailableReason());
        }
        if (listen.getPort() == 0) {
            throw new IllegalArgumentException(
                    "transparent mode needs a fixed --listen port (the iptables redirect target)");
        }
        GatedListener l = new GatedListener(context, listen, group, true);
        l.recheck();
        return l;
    }

    /** A proxy-mode listener bound only while the identity has outbound configuration (a fixed port). */
    public static GatedListener proxy(ProxyContext context, InetSocketAddress listen, EventLoopGroup group) {
        if (listen.getPort() == 0) {
            throw new IllegalArgumentException("a sidecar-like proxy listener needs a fixed --listen port");
        }
        GatedListener l = new GatedListener(context, listen, group, false);
        l.recheck();
        return l;
    }

    public int port() {
        return listen.getPort();
    }

    public InetSocketAddress address() {
        return listen;
    }

    /** True while the port is bound (the pod has outbound configuration). */
    public synchronized boolean listening() {
        return channel != null && channel.isActive();
    }

    private synchronized void recheck() {
        PolicySnapshot now = context.policies().get();
        if (closed || now == seen) {
            return;
        }
        seen = now;
        // report-only: bound whatever the policies say; a connection the missing listener would refuse is forwarded
        boolean wanted = now.policies().hasListener(context.identity())
                || context.trial().reportOnly();
        if (wanted && channel == null) {
            try {
                channel = bootstrap.bind(listen).syncUninterruptibly().channel();
                LOG.info("listener for {} bound on {} (snapshot {})", context.identity(), listen, now.version());
            } catch (RuntimeException e) {
                LOG.warn("listener for {} cannot bind {}: {}", context.identity(), listen, e.toString());
                seen = null; // try again at the next check
            }
        } else if (!wanted && channel != null) {
            channel.close().syncUninterruptibly();
            channel = null;
            LOG.info(
                    "listener for {} closed: no outbound configuration in snapshot {}",
                    context.identity(),
                    now.version());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        OwnListeners.remove(listen);
        check.cancel(false);
        checker.shutdown();
        if (channel != null) {
            channel.close().syncUninterruptibly();
            channel = null;
        }
    }
}
