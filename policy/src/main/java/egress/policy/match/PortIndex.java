package egress.policy.match;

import egress.policy.model.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every client's port tables in one open-addressing table keyed by client identity and destination port: a
 * decision that the {@link HostIndex} does not settle (TCP, TLS without an exact server name, wildcard hosts,
 * refusals) finds its port table with one probe instead of the client map, the client's port map and its arrays.
 * Slot i keeps its hash and port word in {@code meta[2i]}, {@code meta[2i + 1]} and its client and table in
 * {@code refs[2i]}, {@code refs[2i + 1]}. The port word says whether the slot is in use, so a probe that meets an
 * empty slot has read no reference. Clients are the set's own instances, hashed by
 * {@link System#identityHashCode} and compared by reference. Immutable once built.
 *
 * <p>Under osm a second, smaller table answers a TCP connection by IPv4 range without the port table: for each
 * client and port whose IPv4 ranges are at most {@link #TCP_RANGES} (nearly all), it holds those ranges (network
 * and mask, in the order the port prefers them) in the slot's ints and their chains' allows in the slot's
 * references ({@link OsmPort#tcpByRange}). A connection then reads the two lines of its slot and the decision, not
 * the port table, its range index, the index's arrays and the chain. At 10,000 policies each of those was a cache
 * miss.
 */
final class PortIndex {
    /** Set in a slot's port word when the slot is in use (port 0 is a port). */
    private static final int USED = 1 << 16;
    /**
     * Set in a slot's port word when an HTTP request whose Host the {@link HostIndex} lacks is refused with
     * {@link OsmPort#noHost} whatever it carries ({@link OsmPort#onlyExactHosts}): such a refusal needs no table.
     */
    private static final int ONLY_EXACT_HOSTS = 1 << 17;
    /** The IPv4 ranges a slot of the TCP table holds at most. */
    static final int TCP_RANGES = 2;

    /* (tcp() tests the two ranges of a slot written out: change it with TCP_RANGES.) */
    private static final int TCP_INTS = 2 + 2 * TCP_RANGES;
    private static final int TCP_REFS = 2 + TCP_RANGES;

    private final int[] meta;
    private final Object[] refs;
    private final int mask;

    /*
     * The TCP table: slot i keeps its hash, its port word, then network and mask of each range in tcpMeta[6i] to
     * tcpMeta[6i + 5] (an unused range has mask 0 and network 1, which no address meets), and its client, the
     * allow of each range and the allow of the port-only chain (or null) in tcpRefs[4i] to tcpRefs[4i + 3].
     */
    private final int[] tcpMeta;
    private final Object[] tcpRefs;
    private final int tcpMask;

    /** @param clients each client's port tables, keyed by the instance the set hands out */
    PortIndex(Map<Identity, IntMap<PortTable>> clients) {
        int n = 0;
        List<TcpEntry> tcp =
                new ArrayList<>(); // each port's ranges worked out once, then placed once the table is sized
        for (Map.Entry<Identity, IntMap<PortTable>> e : clients.entrySet()) {
            IntMap<PortTable> ports = e.getValue();
            n += ports.size();
            for (int port : ports.keys()) {
                if (ports.get(port) instanceof OsmPort osm) {
                    OsmPort.TcpByRange byRange = osm.tcpByRange(TCP_RANGES);
                    if (byRange != null) {
                        tcp.add(new TcpEntry(e.getKey(), port, byRange));
                    }
                }
            }
        }
        int capacity = capacity(n);
        meta = new int[2 * capacity];
        refs = new Object[2 * capacity];
        mask = capacity - 1;
        int tcpCapacity = capacity(tcp.size());
        tcpMeta = new int[TCP_INTS * tcpCapacity];
        tcpRefs = new Object[TCP_REFS * tcpCapacity];
        tcpMask = tcpCapacity - 1;
        clients.forEach((client, ports) -> {
            for (int port : ports.keys()) {
                put(client, port, ports.get(port));
            }
        });
        for (TcpEntry t : tcp) {
            putTcp(t.client(), t.port(), t.byRange());
        }
    }

    private record TcpEntry(Identity client, int port, OsmPort.TcpByRange byRange) {}

    /** A power of two at least 4/3 of {@code n} and 2. */
    private static int capacity(int n) {
        int capacity = 2;
        while (capacity * 3 < (n + 1) * 4) {
            capacity <<= 1;
        }
        return capacity;
    }

    private void put(Identity client, int port, PortTable table) {
        int h = mix(System.identityHashCode(client), port);
        int i = h & mask;
        while (meta[2 * i + 1] != 0) {
            i = (i + 1) & mask;
        }
        meta[2 * i] = h;
        meta[2 * i + 1] = port | USED | (table instanceof OsmPort osm && osm.onlyExactHosts() ? ONLY_EXACT_HOSTS : 0);
        refs[2 * i] = client;
        refs[2 * i + 1] = table;
    }

    private void putTcp(Identity client, int port, OsmPort.TcpByRange byRange) {
        int h = mix(System.identityHashCode(client), port);
        int i = h & tcpMask;
        while (tcpMeta[TCP_INTS * i + 1] != 0) {
            i = (i + 1) & tcpMask;
        }
        int m = TCP_INTS * i;
        int o = TCP_REFS * i;
        tcpMeta[m] = h;
        tcpMeta[m + 1] = port | USED;
        tcpRefs[o] = client;
        for (int k = 0; k < TCP_RANGES; k++) {
            boolean used = k < byRange.ranges().length;
            tcpMeta[m + 2 + 2 * k] = used ? byRange.ranges()[k].network() : 1;
            tcpMeta[m + 3 + 2 * k] = used ? Cidr.mask(byRange.ranges()[k].prefix()) : 0;
            tcpRefs[o + 1 + k] = used ? byRange.allows()[k] : null;
        }
        tcpRefs[o + 1 + TCP_RANGES] = byRange.orElse();
    }

    /** The port table of {@code client} for {@code port}, or null when its policies name no such port. */
    PortTable find(Identity client, int port) {
        int i = slot(client, port);
        return i < 0 ? null : table(i);
    }

    /** The slot of {@code client}'s port table for {@code port}, or -1 when its policies name no such port. */
    int slot(Identity client, int port) {
        int h = mix(System.identityHashCode(client), port);
        int i = h & mask;
        int word;
        while ((word = meta[2 * i + 1]) != 0) {
            if (meta[2 * i] == h && (word & 0xFFFF) == port && refs[2 * i] == client) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** The port table in slot {@code i} ({@link #slot}). */
    PortTable table(int i) {
        return (PortTable) refs[2 * i + 1];
    }

    /**
     * Whether the port table in slot {@code i} refuses every HTTP request whose Host the {@link HostIndex} lacks
     * with {@link OsmPort#noHost} ({@link OsmPort#onlyExactHosts}).
     */
    boolean onlyExactHosts(int i) {
        return (meta[2 * i + 1] & ONLY_EXACT_HOSTS) != 0;
    }

    /**
     * The allow of the first chain (in the port's preference) whose IPv4 range holds {@code ip} for a TCP
     * connection from {@code client} to {@code port} that does not wait for the server to speak first; else the
     * allow of the port's chain by port alone; else {@link #NO_TCP_RULE} when the port has neither. Null when
     * this table does not hold the port (no IPv4 range on it, or more than {@link #TCP_RANGES}): the port table
     * decides then.
     */
    Decision tcp(Identity client, int port, int ip) {
        int h = mix(System.identityHashCode(client), port);
        int mask = tcpMask;
        int[] m = tcpMeta;
        int i = h & mask;
        int word;
        while ((word = m[TCP_INTS * i + 1]) != 0) {
            int at = TCP_INTS * i;
            if (m[at] == h && (word & 0xFFFF) == port) {
                Object[] r = tcpRefs;
                int o = TCP_REFS * i;
                if (r[o] == client) {
                    Object d = (ip & m[at + 3]) == m[at + 2]
                            ? r[o + 1]
                            : (ip & m[at + 5]) == m[at + 4] ? r[o + 2] : r[o + 3];
                    return d != null ? (Decision) d : NO_TCP_RULE;
                }
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /**
     * What {@link #tcp} returns when no chain of the port takes the connection: the caller answers
     * {@link OsmPort#noTcpRule} instead. A refusal, so that it refuses should it ever be handed on.
     */
    static final Decision NO_TCP_RULE = Decision.deny(
            Signal.CONNECTION_CLOSED, null, egress.policy.i18n.Message.of("reason.closed", "no tcp rule"), null);

    /** How many client and port pairs the TCP table holds (for tests). */
    int tcpSize() {
        int n = 0;
        for (int i = 1; i < tcpMeta.length; i += TCP_INTS) {
            n += tcpMeta[i] != 0 ? 1 : 0;
        }
        return n;
    }

    private static int mix(int clientHash, int port) {
        int h = (clientHash * 31 + port) * 0x9E3779B9;
        return h ^ (h >>> 15);
    }
}
