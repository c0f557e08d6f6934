package egress.enforcer.config;

import java.util.List;

/**
 * Where a requested {@code host:port} really goes: the first matching {@link ConnectTo}, else the host
 * itself. Tests map {@code httpbin.org:80} to a local upstream this way; with no entries it is plain DNS.
 */
public final class HostsTable {
    public static final HostsTable EMPTY = new HostsTable(List.of());
    private final List<ConnectTo> entries;

    public HostsTable(List<ConnectTo> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Parses a list of {@code HOST:PORT:ADDR:PORT} texts. */
    public static HostsTable parse(List<String> texts) {
        return new HostsTable(texts.stream().map(ConnectTo::parse).toList());
    }

    /** The address to resolve and the port to connect to, for a requested host and port. */
    public Target lookup(String host, int port) {
        for (ConnectTo c : entries) {
            if (c.matches(host, port)) {
                return new Target(
                        c.address() == null ? host : c.address(), c.addressPort() < 0 ? port : c.addressPort());
            }
        }
        return new Target(host, port);
    }

    public List<ConnectTo> entries() {
        return entries;
    }

    /** A name or IPv4 literal to resolve, and a port. */
    public record Target(String address, int port) {
        @Override
        public String toString() {
            return address + ":" + port;
        }
    }
}
