package egress.policy.match;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link CidrIndex} for IPv6 ranges: the first item (in policy order) whose ranges contain an IPv6 destination,
 * one hash lookup per distinct prefix length. Kept apart so that IPv4 lookups stay on ints.
 */
final class CidrIndex6<T extends CidrIndex.Ordered> {
    private final Map<Integer, Map<Ipv6, T>> byPrefix = new HashMap<>();
    private int[] prefixes = new int[0];

    void add(Cidr6 c, T item) {
        Map<Ipv6, T> m = byPrefix.get(c.prefix());
        if (m == null) {
            m = new HashMap<>();
            byPrefix.put(c.prefix(), m);
            prefixes = byPrefix.keySet().stream()
                    .mapToInt(Integer::intValue)
                    .sorted()
                    .toArray();
        }
        m.merge(new Ipv6(c.hi(), c.lo()), item, (a, b) -> b.order() < a.order() ? b : a);
    }

    boolean isEmpty() {
        return prefixes.length == 0;
    }

    /** The first item in policy order whose ranges contain {@code ip}, or null. */
    T first(Ipv6 ip) {
        T best = null;
        for (T t : all(ip)) {
            if (best == null || t.order() < best.order()) {
                best = t;
            }
        }
        return best;
    }

    /** Every item whose ranges contain {@code ip}. */
    List<T> all(Ipv6 ip) {
        List<T> out = new ArrayList<>();
        for (int p : prefixes) {
            T t = byPrefix.get(p).get(new Ipv6(ip.hi() & Cidr6.maskHi(p), ip.lo() & Cidr6.maskLo(p)));
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }
}
