package egress.enforcer.netty;

import egress.policy.match.Ipv4;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Turns the address of a hosts-table target into IPs, off the event loop: IP literals (v4 and v6) at once,
 * names through a {@link Lookup} (the system resolver unless a test gives another) on a pool of up to
 * {@link #THREADS} daemon threads. Callers ask only after the policies have allowed a connection (or when a
 * decision needs the IP), so a refused name is never looked up.
 *
 * <p>One slow name never holds up others: concurrent requests for the same name share one lookup, and
 * different names take different threads until {@link #THREADS} lookups are under way at once. A
 * successful answer is kept for {@link #CACHE_NANOS} (less than the JVM's own 30 s positive cache), and a
 * name answered recently completes at once, on the caller's thread.
 */
public final class DestinationResolver {
    static final long CACHE_NANOS = 5_000_000_000L;
    static final int THREADS = 64;
    private static final int CACHE_MAX = 4096;
    public static final DestinationResolver SYSTEM = new DestinationResolver(pool(), InetAddress::getAllByName);
    private final Executor executor;
    private final Lookup lookup;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<InetAddress[]>> pending = new ConcurrentHashMap<>();

    /** How a name becomes addresses; blocking is fine, it runs on the resolver's pool. */
    @FunctionalInterface
    public interface Lookup {
        InetAddress[] all(String name) throws UnknownHostException;
    }

    private record Answer(CompletableFuture<InetAddress[]> addresses, long expires) {}

    public DestinationResolver(Executor executor) {
        this(executor, InetAddress::getAllByName);
    }

    public DestinationResolver(Executor executor, Lookup lookup) {
        this.executor = executor;
        this.lookup = lookup;
    }

    /** A resolver on the same kind of pool as {@link #SYSTEM}, asking {@code lookup} (tests: a slow one). */
    public static DestinationResolver withLookup(Lookup lookup) {
        return new DestinationResolver(pool(), lookup);
    }

    private static Executor pool() {
        ThreadPoolExecutor p =
                new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "egress-dns");
                    t.setDaemon(true);
                    return t;
                });
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    /** The address (IPv4 preferred), or a future failed with UnknownHostException. */
    public CompletableFuture<InetAddress> resolve(String name) {
        return resolveAll(name).thenApply(DestinationResolver::preferred);
    }

    /** Every address of a name, or a future failed with UnknownHostException. */
    public CompletableFuture<InetAddress[]> resolveAll(String name) {
        InetAddress literal = literal(name);
        if (literal != null) {
            return CompletableFuture.completedFuture(new InetAddress[] {literal});
        }
        String key = name.toLowerCase(java.util.Locale.ROOT);
        Answer cached = fresh(key);
        if (cached != null) {
            return cached.addresses();
        }
        CompletableFuture<InetAddress[]> mine = new CompletableFuture<>();
        CompletableFuture<InetAddress[]> running = pending.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        executor.execute(() -> {
            try {
                InetAddress[] all = lookup.all(name);
                if (answers.size() >= CACHE_MAX) {
                    answers.clear();
                }
                answers.put(key, new Answer(CompletableFuture.completedFuture(all), System.nanoTime() + CACHE_NANOS));
                pending.remove(key);
                mine.complete(all);
            } catch (UnknownHostException | RuntimeException e) {
                pending.remove(key);
                mine.completeExceptionally(new CompletionException(e));
            }
        });
        return mine;
    }

    /**
     * What {@link #resolve} would complete with at once, without a future: a literal's address, or the preferred
     * address of a name answered within the cache's lifetime; null when it would have to look the name up.
     */
    InetAddress cached(String name) {
        InetAddress literal = literal(name);
        if (literal != null) {
            return literal;
        }
        Answer cached = fresh(name.toLowerCase(java.util.Locale.ROOT));
        return cached == null ? null : preferred(cached.addresses().join()); // a cached answer is a completed future
    }

    /** The cached answer for {@code key} (lower case) while it is within the cache's lifetime, else null. */
    private Answer fresh(String key) {
        Answer cached = answers.get(key);
        return cached != null && System.nanoTime() - cached.expires() < 0 ? cached : null;
    }

    /** An IPv4 or IPv6 literal as an address (no DNS), or null for a name. */
    static InetAddress literal(String text) {
        try {
            if (Ipv4.tryParse(text) >= 0 || looksLikeIpv6(text)) {
                return InetAddress.getByName(text); // a literal is parsed, never looked up
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    /** Hex digits, colons and dots only, with a colon: what the JDK parses as an IPv6 literal without asking DNS. */
    private static boolean looksLikeIpv6(String text) {
        if (text.indexOf(':') < 0) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static InetAddress preferred(InetAddress[] all) {
        for (InetAddress a : all) {
            if (a instanceof Inet4Address) {
                return a;
            }
        }
        return all[0];
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
