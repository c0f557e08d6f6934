package egress.policy.match;

import egress.policy.model.Identity;

/**
 * The exact HTTP host names of every client and port of a compiled set in one open-addressing table keyed by
 * client identity, destination port and Host header: a decision for a policy host finds its routes with one
 * probe into a few flat arrays instead of walking client map, port map, port table and host map. A host
 * {@code h} answers to {@code h} and to {@code h:port}; when both names have the same grants (the usual case:
 * no policy writes {@code h:port} as a host) the entry for {@code h} also answers to {@code h:port}, which
 * then has no entry (and no string) of its own. When every request for a name gets one decision whatever its
 * method, path, headers or address (an osm host whose first policy admits everything, on a port with no IP-range
 * chain), the entry holds that {@link Decision} rather than the name's {@link HostRoutes}: the decision is then one
 * load from the slot. Clients are the compiled set's own instances ({@link CompiledPolicySet#client}): the table
 * hashes them by {@link System#identityHashCode} and compares them by reference, so a probe reads no names.
 * The names are copied into one string of the index's own (a pool), so confirming a name reads the pool's bytes
 * rather than a String and then its bytes: one dependent cache miss fewer when the set is large. (One name outside
 * Latin-1 makes the pool two bytes per character.)
 */
final class HostIndex {
    /** Set in a slot's port on an entry that also answers to {@code host:port}. */
    private static final int ALSO_WITH_PORT = 1 << 16;
    /** Set in a slot's port on a TLS server name (an https chain's host under osm) rather than an HTTP host. */
    private static final int SERVER_NAME = 1 << 17;
    /**
     * Set in a slot's port when its target is a {@link Decision} (not {@link HostRoutes}): a caller tells the two
     * apart from the slot it has already read, not from the target's header, which at 10,000 policies is a cache
     * miss that a branch on it (half of the HTTP requests of a mixed load go each way) waits for.
     */
    private static final int HOLDS_DECISION = 1 << 18;
    /** The bits of a slot's port that a lookup compares with the port it asks for. */
    private static final int KEY_BITS = 0xFFFF | SERVER_NAME;
    /** Where a slot's port holds the length of its name (13 bits). */
    private static final int LENGTH_SHIFT = 19;
    /**
     * The length a slot's port holds for a name of this length or longer: its real length is then in the four
     * characters (8 bits each) of the pool before it.
     */
    private static final int LONG = (1 << (32 - LENGTH_SHIFT)) - 1;
    /*
     * Slot i keeps its hash, its port (with the flags above and its name's length) and its name's offset side by
     * side in meta[3i] to meta[3i + 2], and its client, target and extra (a server name's decision of every
     * request, an HTTP host's route list, or null) in refs[3i] to refs[3i + 2]. The names
     * themselves are copied one after the other into one string, the pool (an entry that also answers to
     * name:port is followed there by :port), so a probe reads the two lines of its slot and then the pool at the
     * offset, rather than a String and then its bytes. A slot's hash is never 0, and 0 marks an empty slot: a
     * probe that misses reads the hashes of the slots it passes, not their references. (One string rather than a byte array: String.startsWith
     * compares as fast as before, and a name outside Latin-1 needs no case of its own.)
     */
    private int[] meta = new int[3 * 16];
    private Object[] refs = new Object[3 * 16];
    /** The names added since {@link #pool} was last built, after those it holds. */
    private StringBuilder added = new StringBuilder();
    /** Every name added, one after the other; null when {@link #added} has names it lacks. */
    private String pool = "";

    private int capacity = 16;
    private int size;

    /**
     * Adds what {@code client} finds on {@code port} under the name {@code host} (and under {@code host:port}
     * when {@code alsoWithPort}): its {@link HostRoutes}, or the {@link Decision} every request for it gets. The
     * name is the key as looked up (lower case under osm).
     */
    void put(Identity client, int port, String host, boolean alsoWithPort, Object routesOrDecision) {
        if (!(routesOrDecision instanceof HostRoutes) && !(routesOrDecision instanceof Decision)) {
            throw new IllegalArgumentException("not routes nor a decision: " + routesOrDecision);
        }
        int tag = alsoWithPort ? port | ALSO_WITH_PORT : port;
        add(
                client,
                port,
                host,
                routesOrDecision instanceof Decision ? tag | HOLDS_DECISION : tag,
                routesOrDecision,
                routesOrDecision instanceof HostRoutes hr && hr.byHostAlone ? hr.soleRouteList() : null);
    }

    /**
     * The route list ({@link HostRoutes#routeList}) of the HTTP host in slot {@code i}, when its one grant has
     * route matches and decides alone ({@link HostRoutes#byHostAlone}): a request matching none of them is refused
     * by {@link #routes}. Else null. Held in the slot so that a route-group decision reads the list, not the
     * host's {@link HostRoutes} and then its decisions.
     */
    Object[] routeList(int i) {
        return (Object[]) refs[3 * i + 2];
    }

    /**
     * Adds what {@code client} finds on {@code port} for the TLS server name {@code name} (lower case): its chains,
     * with their decision of every request ({@link OsmPort.ServerName#every}) beside them in the slot.
     */
    void putServerName(Identity client, int port, String name, OsmPort.ServerName target) {
        add(client, port, name, port | SERVER_NAME, target, target.every);
    }

    /** What was added for a TLS server name (lower case), or null. */
    OsmPort.ServerName findServerName(Identity client, int port, String name) {
        int i = serverNameSlot(client, port, name);
        return i < 0 ? null : (OsmPort.ServerName) refs[3 * i + 1];
    }

    /**
     * The slot of a TLS server name (lower case), or -1: {@link #serverName} and {@link #everyServerName} read it.
     * The decision of every request for the name then comes from the slot itself, not from its chains.
     */
    int serverNameSlot(Identity client, int port, String name) {
        return probe(
                System.identityHashCode(client),
                client,
                port | SERVER_NAME,
                name,
                name.hashCode(),
                name.length(),
                false);
    }

    /** The chains of the server name in slot {@code i} ({@link #serverNameSlot}). */
    OsmPort.ServerName serverName(int i) {
        return (OsmPort.ServerName) refs[3 * i + 1];
    }

    /** The {@link OsmPort.ServerName#every} decision of the server name in slot {@code i}, or null. */
    Decision everyServerName(int i) {
        return (Decision) refs[3 * i + 2];
    }

    private void add(Identity client, int port, String host, int tag, Object target, Object extra) {
        if ((size + 1) * 4 > capacity * 3) {
            grow();
        }
        int h = mix(System.identityHashCode(client), tag & KEY_BITS, host.hashCode());
        int mask = capacity - 1;
        int i = h & mask;
        while (meta[3 * i] != 0) {
            if (meta[3 * i] == h
                    && (meta[3 * i + 1] & KEY_BITS) == (tag & KEY_BITS)
                    && refs[3 * i] == client
                    && host.contentEquals(names().subSequence(meta[3 * i + 2], meta[3 * i + 2] + length(3 * i)))) {
                throw new IllegalStateException(
                        "name " + host + " added twice for " + client + " port " + (tag & 0xFFFF));
            }
            i = (i + 1) & mask;
        }
        StringBuilder names = names();
        int length = host.length();
        if (length >= LONG) {
            for (int shift = 24; shift >= 0; shift -= 8) {
                names.append((char) ((length >>> shift) & 0xFF));
            }
        }
        int offset = names.length();
        names.append(host);
        if ((tag & ALSO_WITH_PORT) != 0) {
            // the pool then holds "host:port" too, which a request with the port compares in one startsWith
            names.append(':').append(tag & 0xFFFF);
        }
        pool = null;
        set(i, h, tag | (Math.min(length, LONG) << LENGTH_SHIFT), offset, client, target, extra);
        size++;
    }

    private void set(int i, int hash, int tag, int offset, Object client, Object target, Object extra) {
        meta[3 * i] = hash;
        meta[3 * i + 1] = tag;
        meta[3 * i + 2] = offset;
        refs[3 * i] = client;
        refs[3 * i + 1] = target;
        refs[3 * i + 2] = extra;
    }

    /** The names to add to: {@link #added}, rebuilt from the pool after {@link #trim}. */
    private StringBuilder names() {
        if (added == null) {
            added = new StringBuilder(pool);
        }
        return added;
    }

    /**
     * Whether the name of the slot whose meta starts at {@code m} is the first {@code n} characters of key: either
     * all of it, or (a probe via the port) all but a {@code :port} suffix the pool holds after an entry that also
     * answers to {@code name:port}. (String.startsWith, twice as fast as regionMatches on JDK 17.)
     */
    private boolean sameName(int m, String key, int n) {
        int length = meta[m + 1] >>> LENGTH_SHIFT;
        return (length == n || length == LONG && length(m) == n) && pool().startsWith(key, meta[m + 2]);
    }

    /** The length of the name of the slot whose meta starts at {@code m}. */
    private int length(int m) {
        int length = meta[m + 1] >>> LENGTH_SHIFT;
        if (length == LONG) {
            CharSequence names = pool != null ? pool : added;
            length = 0;
            for (int k = meta[m + 2] - 4; k < meta[m + 2]; k++) {
                length = (length << 8) | names.charAt(k);
            }
        }
        return length;
    }

    /**
     * Every name added, one after the other. Built again after an {@link #add} (only while the set is compiled; a
     * lookup racing another builds an equal string).
     */
    private String pool() {
        String p = pool;
        if (p == null) {
            p = added.toString();
            pool = p;
        }
        return p;
    }

    /**
     * What was added for a Host header value (already in lower case under osm): its {@link HostRoutes}, the
     * {@link Decision} of every request for it, or null.
     */
    Object find(Identity client, int port, String key) {
        int i = slot(client, port, key);
        return i < 0 ? null : refs[3 * i + 1];
    }

    /**
     * The slot of a Host header value (already in lower case under osm), or -1: what {@link #find} returns is then
     * {@link #decision} when {@link #holdsDecision}, else {@link #routes}.
     */
    int slot(Identity client, int port, String key) {
        int clientHash = System.identityHashCode(client);
        int i = probe(clientHash, client, port, key, key.hashCode(), key.length(), false);
        if (i < 0) {
            int n = portSuffixStart(key, port);
            if (n > 0) {
                i = probe(clientHash, client, port, key, prefixHash(key, n), n, true);
            }
        }
        return i;
    }

    /** Whether the HTTP host in slot {@code i} ({@link #slot}) is held as the decision of every request for it. */
    boolean holdsDecision(int i) {
        return (meta[3 * i + 1] & HOLDS_DECISION) != 0;
    }

    /** The decision of every request for the HTTP host in slot {@code i}, when {@link #holdsDecision}. */
    Decision decision(int i) {
        return (Decision) refs[3 * i + 1];
    }

    /** The grants of the HTTP host in slot {@code i}, unless {@link #holdsDecision}. */
    HostRoutes routes(int i) {
        return (HostRoutes) refs[3 * i + 1];
    }

    int size() {
        return size;
    }

    /** How many characters the pool of names holds. */
    int nameChars() {
        return pool().length();
    }

    /**
     * The slot of the entry whose name is the first {@code n} characters of {@code key}, of hash {@code hostHash},
     * or -1; with {@code viaPort}, only an entry that also answers to {@code name:port}.
     *
     * @param port the port, with {@link #SERVER_NAME} to look up a server name
     */
    private int probe(int clientHash, Identity client, int port, String key, int hostHash, int n, boolean viaPort) {
        int h = mix(clientHash, port, hostHash);
        int mask = capacity - 1;
        int i = h & mask;
        int at;
        while ((at = meta[3 * i]) != 0) {
            int m = 3 * i;
            if (at == h) {
                int tag = meta[m + 1];
                if ((tag & KEY_BITS) == port
                        && (!viaPort || (tag & ALSO_WITH_PORT) != 0)
                        && refs[3 * i] == client
                        && sameName(m, key, n)) {
                    return i;
                }
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /**
     * Where {@code :port} starts when {@code key} ends with exactly {@code ":" + port} (no leading zero), else
     * -1: {@code key.substring(0, n)} is then the name it is asked for.
     */
    static int portSuffixStart(String key, int port) {
        int digits = port < 10 ? 1 : port < 100 ? 2 : port < 1000 ? 3 : port < 10000 ? 4 : 5;
        int n = key.length() - digits - 1;
        if (n < 1 || key.charAt(n) != ':') {
            return -1;
        }
        int value = 0;
        for (int k = n + 1; k < key.length(); k++) {
            char c = key.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value == port ? n : -1;
    }

    /** {@code key.substring(0, n).hashCode()} without the substring. */
    private static int prefixHash(String key, int n) {
        int h = 0;
        for (int k = 0; k < n; k++) {
            h = 31 * h + key.charAt(k);
        }
        return h;
    }

    /** The hash of a slot: never 0, which marks an empty slot (so a probe stops there having read no reference). */
    private static int mix(int clientHash, int port, int hostHash) {
        int h = (clientHash * 31 + port) * 0x9E3779B9 + hostHash * 0x85EBCA6B;
        h ^= h >>> 15;
        return h != 0 ? h : 1;
    }

    private void grow() {
        int[] m = meta;
        Object[] r = refs;
        int old = capacity;
        capacity = old * 2;
        meta = new int[3 * capacity];
        refs = new Object[3 * capacity];
        int mask = capacity - 1;
        for (int k = 0; k < old; k++) {
            if (m[3 * k] != 0) {
                int i = m[3 * k] & mask;
                while (meta[3 * i] != 0) {
                    i = (i + 1) & mask;
                }
                set(i, m[3 * k], m[3 * k + 1], m[3 * k + 2], r[3 * k], r[3 * k + 1], r[3 * k + 2]);
            }
        }
    }

    /** Builds the pool of names once every name is in (the compiled set keeps the index for its lifetime). */
    void trim() {
        pool();
        added = null;
    }
}
