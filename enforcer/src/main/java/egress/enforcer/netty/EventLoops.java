package egress.enforcer.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The transport every server of this module uses: NIO through Netty 4.2's {@code MultiThreadIoEventLoopGroup}.
 * This is the one place to switch to epoll (transparent mode needs {@code IP_TRANSPARENT} and
 * {@code SO_ORIGINAL_DST}, which only the epoll transport offers).
 */
public final class EventLoops {
    private EventLoops() {
    }

    public static EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    public static Class<? extends ServerSocketChannel> serverChannel() {
        return NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> clientChannel() {
        return NioSocketChannel.class;
    }
}
