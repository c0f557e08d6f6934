package egress.simulator.learn;

import egress.policy.match.EgressRequest;
import egress.policy.model.Identity;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the traffic did, aggregated by destination: memory grows with the number of distinct
 * destinations, not of requests. The paths kept for one HTTP destination are capped at
 * {@link #MAX_PATHS}; past it, paths are folded into their parent folder (a prefix), which only widens.
 */
final class Observations {
    static final int MAX_PATHS = 2000;
    static final int MAX_REFUSED = 2000;
    /** Addresses kept per HTTP or named TLS destination (they matter only on a server-first port). */
    static final int MAX_ADDRESSES = 256;

    record HttpKey(Identity id, int port, String host) {}

    record TlsKey(Identity id, int port, String sni) {}

    record TcpKey(Identity id, int port, boolean serverFirst) {}

    /** One observed path (or, once folded, a prefix ending in '/'), with its methods. */
    static final class PathSeen {
        final TreeSet<String> methods = new TreeSet<>();
        final Seen seen = new Seen();
        boolean prefix;
    }

    static final class HttpDest {
        final Seen seen = new Seen();
        final TreeMap<String, PathSeen> paths = new TreeMap<>();
        final TreeMap<Integer, Seen> ips = new TreeMap<>(Integer::compareUnsigned);
        int ip;
        boolean folded;
    }

    static final class AddressDest {
        final Seen seen = new Seen();
        final TreeMap<Integer, Seen> ips = new TreeMap<>(Integer::compareUnsigned);
    }

    /** A request refused when recorded. */
    record Refused(EgressRequest request, String recordedPolicy, Seen seen) {}

    final Map<HttpKey, HttpDest> http = new HashMap<>();
    final Map<TlsKey, AddressDest> tls = new HashMap<>();
    final Map<TcpKey, AddressDest> tcp = new HashMap<>();
    final Map<String, Refused> refused = new HashMap<>();
    long refusedCount;
    long refusedNotKept;
    long allowedCount;
    long unlearnable;

    void allowed(EgressRequest r, long time) {
        allowedCount++;
        switch (r.protocol()) {
            case HTTP -> {
                if (r.host() == null || r.host().isEmpty()) {
                    unlearnable++;
                    return;
                }
                HttpDest d = http.computeIfAbsent(
                        new HttpKey(r.source(), r.port(), r.host().toLowerCase(Locale.ROOT)), k -> new HttpDest());
                d.seen.add(time);
                d.ip = r.ip();
                if (d.ips.size() < MAX_ADDRESSES || d.ips.containsKey(r.ip())) {
                    d.ips.computeIfAbsent(r.ip(), k -> new Seen()).add(time);
                }
                String path = r.path() == null || r.path().isEmpty() ? "/" : r.path();
                PathSeen p = d.paths.get(path);
                if (p == null && d.folded) {
                    p = covering(d, path);
                }
                if (p == null) {
                    p = new PathSeen();
                    d.paths.put(path, p);
                    if (d.paths.size() > MAX_PATHS) {
                        fold(d);
                        p = d.paths.get(path) != null ? d.paths.get(path) : covering(d, path);
                    }
                }
                p.methods.add(r.method() == null ? "GET" : r.method());
                p.seen.add(time);
            }
            case TLS -> {
                AddressDest d = tls.computeIfAbsent(
                        new TlsKey(
                                r.source(),
                                r.port(),
                                r.sni() == null ? null : r.sni().toLowerCase(Locale.ROOT)),
                        k -> new AddressDest());
                d.seen.add(time);
                if (r.sni() == null || d.ips.size() < MAX_ADDRESSES || d.ips.containsKey(r.ip())) {
                    d.ips.computeIfAbsent(r.ip(), k -> new Seen()).add(time);
                }
            }
            case TCP -> {
                AddressDest d =
                        tcp.computeIfAbsent(new TcpKey(r.source(), r.port(), r.serverFirst()), k -> new AddressDest());
                d.seen.add(time);
                d.ips.computeIfAbsent(r.ip(), k -> new Seen()).add(time);
            }
        }
    }

    void refused(EgressRequest r, String recordedPolicy, long time) {
        refusedCount++;
        String key = r.source() + " " + r.protocol() + " " + r.ip() + ":" + r.port() + " " + r.host() + " " + r.sni()
                + " " + r.method() + " " + r.target() + " " + r.serverFirst();
        Refused f = refused.get(key);
        if (f == null) {
            if (refused.size() >= MAX_REFUSED) {
                refusedNotKept++;
                return;
            }
            f = new Refused(r, recordedPolicy, new Seen());
            refused.put(key, f);
        }
        f.seen().add(time);
    }

    /** The folded prefix that covers {@code path}, or null. */
    private static PathSeen covering(HttpDest d, String path) {
        for (String parent = parent(path); parent != null; parent = parent(parent)) {
            PathSeen p = d.paths.get(parent);
            if (p != null && p.prefix) {
                return p;
            }
        }
        return null;
    }

    /** Folds the deepest paths into their parent folders until the paths fit again. */
    private static void fold(HttpDest d) {
        d.folded = true;
        while (d.paths.size() > MAX_PATHS / 2) {
            int deepest = 0;
            for (String p : d.paths.keySet()) {
                deepest = Math.max(deepest, depth(p));
            }
            if (deepest <= 1) {
                return;
            }
            TreeMap<String, PathSeen> next = new TreeMap<>();
            for (Map.Entry<String, PathSeen> e : d.paths.entrySet()) {
                String path = e.getKey();
                if (depth(path) < deepest) {
                    merge(next, path, e.getValue(), e.getValue().prefix);
                } else {
                    merge(next, parent(path), e.getValue(), true);
                }
            }
            d.paths.clear();
            d.paths.putAll(next);
        }
    }

    private static void merge(TreeMap<String, PathSeen> into, String path, PathSeen from, boolean prefix) {
        PathSeen p = into.computeIfAbsent(path, k -> new PathSeen());
        p.methods.addAll(from.methods);
        p.seen.add(from.seen);
        p.prefix |= prefix;
    }

    /** {@code /a/b/c} and {@code /a/b/} have parent {@code /a/}... ; {@code /} has none. */
    static String parent(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int slash = p.lastIndexOf('/');
        return slash < 0 ? null : p.substring(0, slash + 1);
    }

    static int depth(String path) {
        int n = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }

    boolean isEmpty() {
        return http.isEmpty() && tls.isEmpty() && tcp.isEmpty();
    }
}
