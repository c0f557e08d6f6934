package egress.enforcer.netty;

import egress.enforcer.config.HostsTable;
import egress.policy.match.Ipv4;
import egress.policy.match.Upstream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A requested {@code host:port} with where it really goes: the hosts-table target and the address
 * it resolved to. In proxy mode the decision's "original destination" IP is that address; in
 * transparent mode it is the address the client connected to ({@code original}), and the connection
 * goes there too unless the hosts table maps the name elsewhere.
 *
 * @param address  where to connect; null when the name did not resolve
 * @param original transparent mode: the client's original destination; null in proxy mode
 */
record Destination(String host, int port, HostsTable.Target target, InetAddress address, InetSocketAddress original) {

    static CompletableFuture<Destination> resolve(ProxyContext context, String host, int port) {
        HostsTable.Target target = context.hosts().lookup(host, port);
        return context.resolver().resolve(target.address())
                .handle((a, error) -> new Destination(host, port, target, error == null ? a : null, null));
    }

    /** Transparent mode: the original destination, named by its IP until a Host header or server name says more. */
    static CompletableFuture<Destination> transparent(ProxyContext context, InetSocketAddress original) {
        return named(context, original.getAddress().getHostAddress(), original);
    }

    /** Transparent mode: the same original destination under the name the client asked for. */
    CompletableFuture<Destination> named(ProxyContext context, String name) {
        return named(context, name, original);
    }

    private static CompletableFuture<Destination> named(ProxyContext context, String name, InetSocketAddress original) {
        int port = original.getPort();
        HostsTable.Target mapped = context.hosts().lookup(name, port);
        if (mapped.equals(new HostsTable.Target(name, port))) {
            HostsTable.Target direct = new HostsTable.Target(original.getAddress().getHostAddress(), port);
            return CompletableFuture.completedFuture(new Destination(name, port, direct, original.getAddress(), original));
        }
        return context.resolver().resolve(mapped.address())
                .handle((a, error) -> new Destination(name, port, mapped, error == null ? a : null, original));
    }

    /**
     * Where an allowed decision sends the connection: here, or the policy host through the hosts table.
     * In transparent mode the pod has already resolved the name it asked for, so a policy host of that
     * name and port is the original destination (the enforcer may not even share the pod's resolver).
     */
    static CompletableFuture<Destination> upstream(ProxyContext context, Destination requested, Upstream upstream) {
        if (upstream == null || upstream.originalDestination()) {
            return CompletableFuture.completedFuture(requested);
        }
        if (requested.original() != null && upstream.host().equalsIgnoreCase(requested.host())
                && upstream.port() == requested.port()) {
            return CompletableFuture.completedFuture(requested);
        }
        return resolve(context, upstream.host(), upstream.port());
    }

    /** The IP the matcher decides on: the original destination in transparent mode, else the resolved address. */
    int ip() {
        if (original != null) {
            return DestinationResolver.ipOf(original.getAddress());
        }
        return address == null ? 0 : DestinationResolver.ipOf(address);
    }

    String ipText() {
        return original == null && address == null ? null : Ipv4.format(ip());
    }

    String authority() {
        return host + ":" + port;
    }
}
