package egress.enforcer.netty;

import egress.policy.match.Ipv4;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Turns the address of a hosts-table target into an IP, off the event loop: IPv4 literals at once,
 * names through the system resolver on a small daemon pool. An IPv4 answer is preferred, since the
 * matcher's ranges are IPv4.
 */
public final class DestinationResolver {
    public static final DestinationResolver SYSTEM = new DestinationResolver(Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "egress-dns");
        t.setDaemon(true);
        return t;
    }));
    private final ExecutorService executor;

    public DestinationResolver(ExecutorService executor) {
        this.executor = executor;
    }

    /** The address, or a future failed with UnknownHostException. */
    public CompletableFuture<InetAddress> resolve(String name) {
        if (Ipv4.tryParse(name) >= 0) {
            try {
                return CompletableFuture.completedFuture(InetAddress.getByName(name));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                InetAddress[] all = InetAddress.getAllByName(name);
                for (InetAddress a : all) {
                    if (a instanceof Inet4Address) {
                        return a;
                    }
                }
                return all[0];
            } catch (UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, executor);
    }

    /** The matcher's form of an address: an IPv4 address as an int, 0 for anything else. */
    public static int ipOf(InetAddress a) {
        if (a instanceof Inet4Address) {
            byte[] b = a.getAddress();
            return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        }
        return 0;
    }
}
