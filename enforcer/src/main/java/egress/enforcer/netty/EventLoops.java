package egress.enforcer.netty;

import io.netty.channel.EventLoopGroup;
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
 * epoll when the native library is on the class path and loads (Linux), else NIO. Transparent mode
 * needs epoll, since only its channels answer raw socket options such as {@code SO_ORIGINAL_DST}.
 * The system property {@code egress.transport=nio} forces NIO. Every channel of a group must use the
 * same transport, so the choice is made once, here.
 */
public final class EventLoops {
    private static final boolean EPOLL = !"nio".equals(System.getProperty("egress.transport")) && epollLoads();

    private EventLoops() {}

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
        return new MultiThreadIoEventLoopGroup(
                threads, EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    public static Class<? extends ServerSocketChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> clientChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** True when the channels are epoll's, which transparent mode needs. */
    public static boolean epoll() {
        return EPOLL;
    }

    /** Why epoll is not in use, for an error message; null when it is. */
    public static String epollUnavailableReason() {
        if (EPOLL) {
            return null;
        }
        if ("nio".equals(System.getProperty("egress.transport"))) {
            return "egress.transport=nio is set";
        }
        try {
            Throwable cause = Epoll.unavailabilityCause();
            return cause == null ? "unknown" : cause.toString();
        } catch (LinkageError e) {
            return "netty-transport-native-epoll is not on the class path";
        }
    }
}
