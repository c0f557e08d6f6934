package egress.policy.match;

import egress.policy.model.Identity;
import java.util.Map;

/**
 * Every client's port tables in one open-addressing table keyed by client identity and destination port: a
 * decision that the {@link HostIndex} does not settle (TCP, TLS without an exact server name, wildcard hosts,
 * refusals) finds its port table with one probe instead of the client map, the client's port map and its arrays.
 * Slot i keeps its hash and port in {@code meta[2i]}, {@code meta[2i + 1]} and its client and table in
 * {@code refs[2i]}, {@code refs[2i + 1]}. Clients are the set's own instances, hashed by
 * {@link System#identityHashCode} and compared by reference. Immutable once built.
 */
final class PortIndex {
    private final int[] meta;
    private final Object[] refs;
    private final int mask;

    /** @param clients each client's port tables, keyed by the instance the set hands out */
    PortIndex(Map<Identity, IntMap<PortTable>> clients) {
        int n = 0;
        for (IntMap<PortTable> ports : clients.values()) {
            n += ports.size();
        }
        int capacity = 2;
        while (capacity * 3 < (n + 1) * 4) {
            capacity <<= 1;
        }
        meta = new int[2 * capacity];
        refs = new Object[2 * capacity];
        mask = capacity - 1;
        clients.forEach((client, ports) -> {
            for (int port : ports.keys()) {
                put(client, port, ports.get(port));
            }
        });
    }

    private void put(Identity client, int port, PortTable table) {
        int h = mix(System.identityHashCode(client), port);
        int i = h & mask;
        while (refs[2 * i + 1] != null) {
            i = (i + 1) & mask;
        }
        meta[2 * i] = h;
        meta[2 * i + 1] = port;
        refs[2 * i] = client;
        refs[2 * i + 1] = table;
    }

    /** The port table of {@code client} for {@code port}, or null when its policies name no such port. */
    PortTable find(Identity client, int port) {
        int h = mix(System.identityHashCode(client), port);
        int i = h & mask;
        Object t;
        while ((t = refs[2 * i + 1]) != null) {
            if (meta[2 * i] == h && meta[2 * i + 1] == port) {
                if (refs[2 * i] == client) {
                    return (PortTable) t;
                }
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    private static int mix(int clientHash, int port) {
        int h = (clientHash * 31 + port) * 0x9E3779B9;
        return h ^ (h >>> 15);
    }
}
