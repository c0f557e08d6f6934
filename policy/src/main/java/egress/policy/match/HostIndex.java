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
 */
final class HostIndex {
    /** Set in a slot's port on an entry that also answers to {@code host:port}. */
    private static final int ALSO_WITH_PORT = 1 << 16;
    /** Set in a slot's port on a TLS server name (an https chain's host under osm) rather than an HTTP host. */
    private static final int SERVER_NAME = 1 << 17;

    /*
     * Slot i keeps its hash and port side by side in meta[2i], meta[2i + 1] and its host, client and routes in
     * refs[3i] to refs[3i + 2], so a probe reads two cache lines rather than one per field.
     */
    private int[] meta = new int[2 * 16];
    private Object[] refs = new Object[3 * 16];
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
        add(client, port, host, alsoWithPort ? port | ALSO_WITH_PORT : port, routesOrDecision);
    }

    /** Adds what {@code client} finds on {@code port} for the TLS server name {@code name} (lower case). */
    void putServerName(Identity client, int port, String name, Object target) {
        add(client, port, name, port | SERVER_NAME, target);
    }

    /** What was added for a TLS server name (lower case), or null. */
    Object findServerName(Identity client, int port, String name) {
        return probe(
                System.identityHashCode(client),
                client,
                port | SERVER_NAME,
                name,
                name.hashCode(),
                name.length(),
                false);
    }

    private void add(Identity client, int port, String host, int tag, Object target) {
        if ((size + 1) * 4 > capacity * 3) {
            grow();
        }
        int h = mix(System.identityHashCode(client), tag & ~ALSO_WITH_PORT, host.hashCode());
        int mask = capacity - 1;
        int i = h & mask;
        while (refs[3 * i + 2] != null) {
            if (meta[2 * i] == h
                    && (meta[2 * i + 1] & ~ALSO_WITH_PORT) == (tag & ~ALSO_WITH_PORT)
                    && refs[3 * i + 1] == client
                    && refs[3 * i].equals(host)) {
                throw new IllegalStateException(
                        "name " + host + " added twice for " + client + " port " + (tag & 0xFFFF));
            }
            i = (i + 1) & mask;
        }
        set(i, h, tag, host, client, target);
        size++;
    }

    private void set(int i, int hash, int tag, Object host, Object client, Object routes) {
        meta[2 * i] = hash;
        meta[2 * i + 1] = tag;
        refs[3 * i] = host;
        refs[3 * i + 1] = client;
        refs[3 * i + 2] = routes;
    }

    /**
     * What was added for a Host header value (already in lower case under osm): its {@link HostRoutes}, the
     * {@link Decision} of every request for it, or null.
     */
    Object find(Identity client, int port, String key) {
        int clientHash = System.identityHashCode(client);
        Object t = probe(clientHash, client, port, key, key.hashCode(), key.length(), false);
        if (t == null) {
            int n = portSuffixStart(key, port);
            if (n > 0) {
                t = probe(clientHash, client, port, key, prefixHash(key, n), n, true);
            }
        }
        return t;
    }

    int size() {
        return size;
    }

    /**
     * The entry whose name is the first {@code n} characters of {@code key}, of hash {@code hostHash}; with
     * {@code viaPort}, only an entry that also answers to {@code name:port}.
     */
    /** @param port the port, with {@link #SERVER_NAME} to look up a server name */
    private Object probe(int clientHash, Identity client, int port, String key, int hostHash, int n, boolean viaPort) {
        int h = mix(clientHash, port, hostHash);
        int mask = capacity - 1;
        int i = h & mask;
        Object t;
        while ((t = refs[3 * i + 2]) != null) {
            if (meta[2 * i] == h) {
                int tag = meta[2 * i + 1];
                String host = (String) refs[3 * i];
                Object c = refs[3 * i + 1];
                if ((tag & ~ALSO_WITH_PORT) == port
                        && (!viaPort || (tag & ALSO_WITH_PORT) != 0)
                        && host.length() == n
                        && key.startsWith(host)
                        && c == client) {
                    return t;
                }
            }
            i = (i + 1) & mask;
        }
        return null;
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

    private static int mix(int clientHash, int port, int hostHash) {
        int h = (clientHash * 31 + port) * 0x9E3779B9 + hostHash * 0x85EBCA6B;
        return h ^ (h >>> 15);
    }

    private void grow() {
        int[] m = meta;
        Object[] r = refs;
        int old = capacity;
        capacity = old * 2;
        meta = new int[2 * capacity];
        refs = new Object[3 * capacity];
        int mask = capacity - 1;
        for (int k = 0; k < old; k++) {
            if (r[3 * k + 2] != null) {
                int i = m[2 * k] & mask;
                while (refs[3 * i + 2] != null) {
                    i = (i + 1) & mask;
                }
                set(i, m[2 * k], m[2 * k + 1], r[3 * k], r[3 * k + 1], r[3 * k + 2]);
            }
        }
    }
}
