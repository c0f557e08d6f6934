package egress.policy.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds, among items that each carry IP ranges, the first (in policy order) whose ranges contain an
 * address. Up to {@link #FLAT} distinct ranges (nearly every port of a client) sit in flat arrays with their
 * items' order, read in one pass; more go in one hash lookup per distinct prefix length, however many ranges
 * there are. Both give the same answer: the smallest order, then the shortest prefix, then the item added first.
 */
final class CidrIndex<T extends CidrIndex.Ordered> {
    /** An item with a place in the policy order (smaller first). */
    interface Ordered {
        int order();
    }

    private static final int FLAT = 8;
    private static final int[] NO_INTS = new int[0];
    private static final Object[] NO_ITEMS = new Object[0];

    /* While there are at most FLAT ranges: range i is flat[3i]/flat[3i + 1] (network, prefix length), its item
     * items[i], of order flat[3i + 2], in ascending prefix length (then in the order added). One int array rather
     * than three: a lookup at 10,000 policies misses on one line fewer. */
    private int[] flat = NO_INTS;
    private Object[] items = NO_ITEMS;

    /** Null while the ranges are flat. */
    private IntMap<IntMap<T>> byPrefix;

    private int[] prefixes = NO_INTS;

    void add(Cidr c, T item) {
        if (byPrefix != null) {
            addToMaps(c.prefix(), c.network(), item);
            return;
        }
        int n = items.length;
        int at = n;
        for (int i = 0; i < n; i++) {
            if (flat[3 * i + 1] == c.prefix() && flat[3 * i] == c.network()) {
                if (item.order() < flat[3 * i + 2]) {
                    items[i] = item;
                    flat[3 * i + 2] = item.order();
                }
                return;
            }
            if (at == n && flat[3 * i + 1] > c.prefix()) {
                at = i;
            }
        }
        if (n == FLAT) {
            byPrefix = new IntMap<>();
            for (int i = 0; i < n; i++) {
                @SuppressWarnings("unchecked")
                T t = (T) items[i];
                addToMaps(flat[3 * i + 1], flat[3 * i], t);
            }
            flat = NO_INTS;
            items = NO_ITEMS;
            addToMaps(c.prefix(), c.network(), item);
            return;
        }
        int[] wider = Arrays.copyOf(flat, flat.length + 3);
        System.arraycopy(flat, 3 * at, wider, 3 * at + 3, flat.length - 3 * at);
        wider[3 * at] = c.network();
        wider[3 * at + 1] = c.prefix();
        wider[3 * at + 2] = item.order();
        flat = wider;
        Object[] more = Arrays.copyOf(items, n + 1);
        System.arraycopy(items, at, more, at + 1, n - at);
        more[at] = item;
        items = more;
        int[] lengths = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            lengths[i] = flat[3 * i + 1];
        }
        prefixes = Arrays.stream(lengths).distinct().toArray();
    }

    private void addToMaps(int prefix, int network, T item) {
        IntMap<T> m = byPrefix.get(prefix);
        if (m == null) {
            m = new IntMap<>();
            byPrefix.put(prefix, m);
            prefixes = byPrefix.keys();
        }
        T current = m.get(network);
        if (current == null || item.order() < current.order()) {
            m.put(network, item);
        }
    }

    /**
     * The ranges in the order {@link #first} prefers them (smallest order, then as {@link #first} breaks ties), each
     * with its item: the first of them that contains an address is what {@link #first} returns. Null when the
     * ranges are not flat (more than {@link #FLAT}) or more than {@code max}.
     */
    @SuppressWarnings("unchecked")
    List<java.util.Map.Entry<Cidr, T>> inPreference(int max) {
        if (byPrefix != null || items.length > max) {
            return null;
        }
        List<java.util.Map.Entry<Cidr, T>> out = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            out.add(java.util.Map.entry(new Cidr(flat[3 * i], flat[3 * i + 1]), (T) items[i]));
        }
        // first() keeps the earliest range of the smallest order (a stable sort by order gives that one first)
        out.sort(java.util.Comparator.comparingInt(e -> e.getValue().order()));
        return out;
    }

    boolean isEmpty() {
        return prefixes.length == 0;
    }

    /** The first item in policy order whose ranges contain {@code ip}, or null. */
    @SuppressWarnings("unchecked")
    T first(int ip) {
        if (byPrefix == null) {
            int best = -1;
            int bestOrder = 0;
            int[] f = flat;
            for (int i = 0; i < f.length; i += 3) {
                if ((ip & Cidr.mask(f[i + 1])) == f[i] && (best < 0 || f[i + 2] < bestOrder)) {
                    best = i / 3;
                    bestOrder = f[i + 2];
                }
            }
            return best < 0 ? null : (T) items[best];
        }
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
    @SuppressWarnings("unchecked")
    List<T> all(int ip) {
        List<T> out = new ArrayList<>();
        if (byPrefix == null) {
            for (int i = 0; i < items.length; i++) {
                if ((ip & Cidr.mask(flat[3 * i + 1])) == flat[3 * i]) {
                    out.add((T) items[i]);
                }
            }
            return out;
        }
        for (int p : prefixes) {
            T t = byPrefix.get(p).get(ip & Cidr.mask(p));
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }
}
