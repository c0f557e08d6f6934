package egress.policy.match;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds, among items that each carry IP ranges, the first (in policy order) whose ranges contain an
 * address: one hash lookup per distinct prefix length, however many ranges there are.
 */
final class CidrIndex<T extends CidrIndex.Ordered> {
    /** An item with a place in the policy order (smaller first). */
    interface Ordered {
        int order();
    }

    private final IntMap<IntMap<T>> byPrefix = new IntMap<>();
    private int[] prefixes = new int[0];

    void add(Cidr c, T item) {
        IntMap<T> m = byPrefix.get(c.prefix());
        if (m == null) {
            m = new IntMap<>();
            byPrefix.put(c.prefix(), m);
            prefixes = byPrefix.keys();
        }
        T current = m.get(c.network());
        if (current == null || item.order() < current.order()) {
            m.put(c.network(), item);
        }
    }

    boolean isEmpty() {
        return prefixes.length == 0;
    }

    /** The first item in policy order whose ranges contain {@code ip}, or null. */
    T first(int ip) {
        T best = null;
        for (int p : prefixes) {
            T t = byPrefix.get(p).get(ip & Cidr.mask(p));
            if (t != null && (best == null || t.order() < best.order())) {
                best = t;
            }
        }
        return best;
    }

    /** Every item whose ranges contain {@code ip} (for explanations, not the hot path). */
    List<T> all(int ip) {
        List<T> out = new ArrayList<>();
        for (int p : prefixes) {
            T t = byPrefix.get(p).get(ip & Cidr.mask(p));
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }
}
