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

    /* While there are at most FLAT ranges: range i is networks[i]/prefixLengths[i], its item items[i], of order
     * orders[i], in ascending prefix length (then in the order added). */
    private int[] networks = NO_INTS;
    private int[] prefixLengths = NO_INTS;
    private int[] orders = NO_INTS;
    private Object[] items = NO_ITEMS;

    /** Null while the ranges are flat. */
    private IntMap<IntMap<T>> byPrefix;

    private int[] prefixes = NO_INTS;

    void add(Cidr c, T item) {
        if (byPrefix != null) {
            addToMaps(c.prefix(), c.network(), item);
            return;
        }
        int n = networks.length;
        int at = n;
        for (int i = 0; i < n; i++) {
            if (prefixLengths[i] == c.prefix() && networks[i] == c.network()) {
                if (item.order() < orders[i]) {
                    items[i] = item;
                    orders[i] = item.order();
                }
                return;
            }
            if (at == n && prefixLengths[i] > c.prefix()) {
                at = i;
            }
        }
        if (n == FLAT) {
            byPrefix = new IntMap<>();
            for (int i = 0; i < n; i++) {
                @SuppressWarnings("unchecked")
                T t = (T) items[i];
                addToMaps(prefixLengths[i], networks[i], t);
            }
            networks = prefixLengths = orders = NO_INTS;
            items = NO_ITEMS;
            addToMaps(c.prefix(), c.network(), item);
            return;
        }
        networks = insert(networks, at, c.network());
        prefixLengths = insert(prefixLengths, at, c.prefix());
        orders = insert(orders, at, item.order());
        Object[] more = Arrays.copyOf(items, n + 1);
        System.arraycopy(items, at, more, at + 1, n - at);
        more[at] = item;
        items = more;
        prefixes = Arrays.stream(prefixLengths).distinct().toArray();
    }

    private static int[] insert(int[] a, int at, int value) {
        int[] out = Arrays.copyOf(a, a.length + 1);
        System.arraycopy(a, at, out, at + 1, a.length - at);
        out[at] = value;
        return out;
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

    boolean isEmpty() {
        return prefixes.length == 0;
    }

    /** The first item in policy order whose ranges contain {@code ip}, or null. */
    @SuppressWarnings("unchecked")
    T first(int ip) {
        if (byPrefix == null) {
            int best = -1;
            int[] nets = networks;
            int[] lengths = prefixLengths;
            int[] ords = orders;
            for (int i = 0; i < nets.length; i++) {
                if ((ip & Cidr.mask(lengths[i])) == nets[i] && (best < 0 || ords[i] < ords[best])) {
                    best = i;
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
            for (int i = 0; i < networks.length; i++) {
                if ((ip & Cidr.mask(prefixLengths[i])) == networks[i]) {
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
