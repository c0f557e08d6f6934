package egress.enforcer.netty;

import egress.enforcer.config.HostsTable;
import egress.policy.match.Ipv4;
import egress.policy.match.Upstream;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A requested {@code host:port} with where it really goes: the hosts-table target and the address
 * it resolved to. The decision's "original destination" IP is that address.
 *
 * @param address null when the name did not resolve
 */
record Destination(String host, int port, HostsTable.Target target, InetAddress address) {

    static CompletableFuture<Destination> resolve(ProxyContext context, String host, int port) {
        HostsTable.Target target = context.hosts().lookup(host, port);
        return context.resolver().resolve(target.address())
                .handle((a, error) -> new Destination(host, port, target, error == null ? a : null));
    }

    /** Where an allowed decision sends the connection: here, or the policy host through the hosts table. */
    static CompletableFuture<Destination> upstream(ProxyContext context, Destination requested, Upstream upstream) {
        if (upstream == null || upstream.originalDestination()) {
            return CompletableFuture.completedFuture(requested);
        }
        return resolve(context, upstream.host(), upstream.port());
    }

    int ip() {
        return address == null ? 0 : DestinationResolver.ipOf(address);
    }

    String ipText() {
        return address == null ? null : Ipv4.format(ip());
    }

    String authority() {
        return host + ":" + port;
    }
}
