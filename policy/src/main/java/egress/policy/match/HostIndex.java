package egress.policy.match;

import egress.policy.model.Identity;

/**
 * The exact HTTP host names of every client and port of a compiled set in one open-addressing table keyed by
 * client identity, destination port and Host header: a decision for a policy host finds its routes with one
 * probe into a few flat arrays instead of walking client map, port map, port table and host map. A host
 * {@code h} answers to {@code h} and to {@code h:port}; when both names have the same grants (the usual case:
 * no policy writes {@code h:port} as a host) the entry for {@code h} also answers to {@code h:port}, which
 * then has no entry (and no string) of its own.
 */
final class HostIndex {
    /** Set in {@link #ports} on an entry that also answers to {@code host:port}. */
    private static final int ALSO_WITH_PORT = 1 << 16;

    private int[] hashes = new int[16];
    private Identity[] clients = new Identity[16];
    /** The port, with {@link #ALSO_WITH_PORT} when the entry answers to {@code host:port} too. */
    private int[] ports = new int[16];
    private String[] hosts = new String[16];
    private HostRoutes[] targets = new HostRoutes[16];
    private int size;

    /**
     * Adds the routes that {@code client} finds on {@code port} under the name {@code host} (and under
     * {@code host:port} when {@code alsoWithPort}). The name is the key as looked up (lower case under osm).
     */
    void put(Identity client, int port, String host, boolean alsoWithPort, HostRoutes routes) {
        if ((size + 1) * 4 > hashes.length * 3) {
            grow();
        }
        int h = hash(client, port, host.hashCode());
        int mask = hashes.length - 1;
        int i = h & mask;
        while (targets[i] != null) {
            if (hashes[i] == h && (ports[i] & 0xFFFF) == port && clients[i].equals(client) && hosts[i].equals(host)) {
                throw new IllegalStateException("host " + host + " added twice for " + client + " port " + port);
            }
            i = (i + 1) & mask;
        }
        hashes[i] = h;
        clients[i] = client;
        ports[i] = alsoWithPort ? port | ALSO_WITH_PORT : port;
        hosts[i] = host;
        targets[i] = routes;
        size++;
    }

    /** The routes for a Host header value (already in lower case under osm), or null. */
    HostRoutes find(Identity client, int port, String key) {
        int clientHash = client.hashCode();
        HostRoutes t = probe(clientHash, client, port, key, key.hashCode(), key.length(), false);
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
    private HostRoutes probe(int clientHash, Identity client, int port, String key, int hostHash, int n,
                             boolean viaPort) {
        int h = mix(clientHash, port, hostHash);
        int mask = hashes.length - 1;
        int i = h & mask;
        HostRoutes t;
        while ((t = targets[i]) != null) {
            if (hashes[i] == h) {
                int tag = ports[i];
                String host = hosts[i];
                Identity c = clients[i];
                if ((tag & 0xFFFF) == port && (!viaPort || (tag & ALSO_WITH_PORT) != 0) && host.length() == n
                        && key.startsWith(host) && (c == client || c.equals(client))) {
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

    private static int hash(Identity client, int port, int hostHash) {
        return mix(client.hashCode(), port, hostHash);
    }

    private static int mix(int clientHash, int port, int hostHash) {
        int h = (clientHash * 31 + port) * 0x9E3779B9 + hostHash * 0x85EBCA6B;
        return h ^ (h >>> 15);
    }

    private void grow() {
        int[] h = hashes;
        Identity[] c = clients;
        int[] p = ports;
        String[] s = hosts;
        HostRoutes[] t = targets;
        int n = h.length * 2;
        hashes = new int[n];
        clients = new Identity[n];
        ports = new int[n];
        hosts = new String[n];
        targets = new HostRoutes[n];
        int mask = n - 1;
        for (int k = 0; k < h.length; k++) {
            if (t[k] != null) {
                int i = h[k] & mask;
                while (targets[i] != null) {
                    i = (i + 1) & mask;
                }
                hashes[i] = h[k];
                clients[i] = c[k];
                ports[i] = p[k];
                hosts[i] = s[k];
                targets[i] = t[k];
            }
        }
    }
}
