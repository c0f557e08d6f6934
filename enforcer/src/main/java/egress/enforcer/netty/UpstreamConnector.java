package egress.enforcer.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Opens the upstream side of a client connection on the client's own event loop, so both channels
 * run on one thread and their handlers need no synchronisation. Reads are paced by the relay.
 */
final class UpstreamConnector {
    private UpstreamConnector() {}

    static ChannelFuture connect(
            Channel client, ProxyContext context, InetAddress address, int port, ChannelHandler handler) {
        long started = System.nanoTime();
        ChannelFuture f = new Bootstrap()
                .group(client.eventLoop())
                .channel(EventLoops.clientChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        context.connectTimeout().toMillis())
                .handler(handler)
                .connect(new InetSocketAddress(address, port));
        f.addListener(done -> {
            if (done.isSuccess()) {
                context.metrics().upstreamConnected(System.nanoTime() - started);
            } else {
                context.metrics().upstreamConnectFailed();
            }
        });
        return f;
    }
}
