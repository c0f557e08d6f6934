package egress.enforcer.netty;

import egress.enforcer.config.Readiness;
import egress.enforcer.observe.Metrics;
import egress.enforcer.observe.RecentDecisions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/** The admin listener: metrics and readiness, on shared event loops. */
public final class AdminServer implements AutoCloseable {
    private final Channel channel;

    private AdminServer(Channel channel) {
        this.channel = channel;
    }

    public static AdminServer start(
            InetSocketAddress listen, EventLoopGroup group, Metrics metrics, Supplier<Readiness> ready)
            throws InterruptedException {
        return start(listen, group, metrics, ready, null);
    }

    /** @param recent the decisions {@code /decisions} serves; null: it answers 404 */
    public static AdminServer start(
            InetSocketAddress listen,
            EventLoopGroup group,
            Metrics metrics,
            Supplier<Readiness> ready,
            RecentDecisions recent)
            throws InterruptedException {
        AdminHandler handler = new AdminHandler(metrics, ready, recent);
        Channel ch = new ServerBootstrap()
                .group(group)
                .channel(EventLoops.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192), handler);
                    }
                })
                .bind(listen)
                .sync()
                .channel();
        OwnListeners.add((InetSocketAddress) ch.localAddress());
        return new AdminServer(ch);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        OwnListeners.remove((InetSocketAddress) channel.localAddress());
        channel.close().syncUninterruptibly();
    }
}
