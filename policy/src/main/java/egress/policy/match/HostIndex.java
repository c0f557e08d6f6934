package egress.policy.match;

import egress.policy.model.Identity;

/**
 * The HTTP hosts of every client and port of a compiled set in one open-addressing table keyed by client
 * identity, destination port and Host header: a decision for a policy host finds its routes with one probe
 * into a few flat arrays instead of walking client map, port map, port table and host map. A host {@code h}
 * answers to {@code h} and to {@code h:port}; when both names have the same grants (the usual case: no policy
 * writes {@code h:port} as a host) the second is an entry that points at the first's routes and stores no
 * {@code h:port} string of its own.
 */
final class HostIndex {
    /** Set in {@link #ports} on an entry that answers to {@code host:port} rather than {@code host}. */
    private static final int WITH_PORT = 1 << 16;

    private int[] hashes = new int[16];
    private Identity[] clients = new Identity[16];
    /** The port, with {@link #WITH_PORT} for an {@code h:port} entry. */
    private int[] ports = new int[16];
    private String[] hosts = new String[16];
    private HostRoutes[] targets = new HostRoutes[16];
    private int size;

    /**
     * Adds the routes that {@code client} finds on {@code port} under the name {@code host}, or under
     * {@code host:port} when {@code withPort}. The name is the key as looked up (lower case under osm).
     */
    void put(Identity client, int port, String host, boolean withPort, HostRoutes routes) {
        if ((size + 1) * 2 > hashes.length) {
            grow();
        }
        int h = hash(client, port, withPort ? (host + ":" + port).hashCode() : host.hashCode());
        int tag = withPort ? port | WITH_PORT : port;
        int mask = hashes.length - 1;
        int i = h & mask;
        while (targets[i] != null) {
            if (hashes[i] == h && ports[i] == tag && clients[i].equals(client) && hosts[i].equals(host)) {
                targets[i] = routes;
                return;
            }
            i = (i + 1) & mask;
        }
        hashes[i] = h;
        clients[i] = client;
        ports[i] = tag;
        hosts[i] = host;
        targets[i] = routes;
        size++;
    }

    /** The routes for a Host header value (already in lower case under osm), or null. */
    HostRoutes find(Identity client, int port, String key) {
        int h = hash(client, port, key.hashCode());
        int mask = hashes.length - 1;
        int i = h & mask;
        HostRoutes t;
        while ((t = targets[i]) != null) {
            if (hashes[i] == h && matches(i, client, port, key)) {
                return t;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    int size() {
        return size;
    }

    private boolean matches(int i, Identity client, int port, String key) {
        int tag = ports[i];
        if ((tag & 0xFFFF) != port) {
            return false;
        }
        String host = hosts[i];
        if ((tag & WITH_PORT) == 0) {
            if (!host.equals(key)) {
                return false;
            }
        } else if (!isHostColonPort(key, host, port)) {
            return false;
        }
        Identity c = clients[i];
        return c == client || c.equals(client);
    }

    /** Whether {@code key} is {@code host + ":" + port}, without building that string. */
    static boolean isHostColonPort(String key, String host, int port) {
        int n = host.length();
        int digits = port < 10 ? 1 : port < 100 ? 2 : port < 1000 ? 3 : port < 10000 ? 4 : 5;
        if (key.length() != n + 1 + digits || key.charAt(n) != ':' || !key.startsWith(host)) {
            return false;
        }
        int value = 0;
        for (int k = n + 1; k < key.length(); k++) {
            char c = key.charAt(k);
            if (c < '0' || c > '9') {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return value == port;
    }

    private static int hash(Identity client, int port, int hostHash) {
        int h = (client.hashCode() * 31 + port) * 0x9E3779B9 + hostHash * 0x85EBCA6B;
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
