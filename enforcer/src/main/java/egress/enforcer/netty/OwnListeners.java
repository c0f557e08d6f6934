package egress.enforcer.netty;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The addresses this process listens on (proxy and transparent listeners, the admin port), so that no
 * connection is ever proxied back into the enforcer itself: its own {@code /metrics} through its proxy, or a
 * tunnel that loops. A listener bound to {@code 0.0.0.0} or {@code ::} stands for every local address.
 * Process-wide: with several enforcers in one JVM (tests), none proxies to another's ports either.
 */
public final class OwnListeners {
    private static final Set<InetSocketAddress> BOUND = ConcurrentHashMap.newKeySet();

    private OwnListeners() {}

    public static void add(InetSocketAddress bound) {
        BOUND.add(bound);
    }

    public static void remove(InetSocketAddress bound) {
        BOUND.remove(bound);
    }

    /** Whether a connection to {@code address:port} would reach one of this process's listeners. */
    static boolean contains(InetAddress address, int port) {
        for (InetSocketAddress b : BOUND) {
            if (b.getPort() != port) {
                continue;
            }
            InetAddress bound = b.getAddress();
            if (bound.equals(address)) {
                return true;
            }
            if (bound.isAnyLocalAddress() && isLocal(address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLocal(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return true; // cannot tell: treat it as ours, and refuse
        }
    }
}
