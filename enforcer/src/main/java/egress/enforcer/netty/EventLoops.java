package egress.enforcer.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The transport every server of this module uses, through Netty 4.2's {@code MultiThreadIoEventLoopGroup}:
 * epoll when its native library is on the class path and loads (Linux), else NIO. {@code -Degress.transport=nio}
 * forces NIO. Transparent mode will need epoll ({@code IP_TRANSPARENT}, {@code SO_ORIGINAL_DST}).
 */
public final class EventLoops {
    private static final boolean EPOLL = !"nio".equals(System.getProperty("egress.transport")) && epollLoads();

    private EventLoops() {
    }

    private static boolean epollLoads() {
        try {
            return Epoll.isAvailable();
        } catch (LinkageError e) {
            return false; // the optional netty-transport-native-epoll jar is absent
        }
    }

    /** {@code epoll} or {@code nio}. */
    public static String transport() {
        return EPOLL ? "epoll" : "nio";
    }

    /**
     * One event loop per available processor. Netty's default is two per processor; in a proxy that only
     * adds threads that take turns on the same core, which showed as tail latency when pinned to one core.
     */
    public static int perCore() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static EventLoopGroup newGroup(int threads) {
        IoHandlerFactory io = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, io);
    }

    public static Class<? extends ServerSocketChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> clientChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
