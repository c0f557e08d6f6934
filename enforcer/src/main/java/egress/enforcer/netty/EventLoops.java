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

    /**
     * One event loop per available processor. Netty's default is two per processor; in a proxy that only
     * adds threads that take turns on the same core, which showed as tail latency when pinned to one core.
     */
    public static int perCore() {
        return Runtime.getRuntime().availableProcessors();
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
