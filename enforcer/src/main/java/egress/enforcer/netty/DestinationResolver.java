package egress.enforcer.netty;

import egress.policy.match.Ipv4;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Turns the address of a hosts-table target into an IP, off the event loop: IPv4 literals at once,
 * names through the system resolver on a small daemon pool. An IPv4 answer is preferred, since the
 * matcher's ranges are IPv4. A successful answer is kept for {@link #CACHE_NANOS} (less than the JVM's own
 * 30 s positive cache, so no answer is older than it would have been), and a request for a name answered
 * recently completes at once, on the caller's thread, without the round trip through the pool.
 */
public final class DestinationResolver {
    static final long CACHE_NANOS = 5_000_000_000L;
    private static final int CACHE_MAX = 4096;
    public static final DestinationResolver SYSTEM = new DestinationResolver(Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "egress-dns");
        t.setDaemon(true);
        return t;
    }));
    private final Executor executor;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private record Answer(CompletableFuture<InetAddress> address, long expires) {
    }

    public DestinationResolver(Executor executor) {
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
        long now = System.nanoTime();
        Answer cached = answers.get(name);
        if (cached != null && now - cached.expires() < 0) {
            return cached.address();
        }
        CompletableFuture<InetAddress> lookup = lookup(name);
        lookup.thenAccept(a -> {
            if (answers.size() >= CACHE_MAX) {
                answers.clear();
            }
            answers.put(name, new Answer(CompletableFuture.completedFuture(a), System.nanoTime() + CACHE_NANOS));
        });
        return lookup;
    }

    private CompletableFuture<InetAddress> lookup(String name) {
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
