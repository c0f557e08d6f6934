package egress.enforcer.netty;

import egress.enforcer.config.HostsTable;
import egress.policy.match.CompiledPolicySet;
import egress.policy.match.EgressRequest;
import egress.policy.match.Ipv6;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A requested {@code host:port} with where it really goes: the hosts-table target and, once resolved, its
 * address. In proxy mode the decision's "original destination" IP is that address; in transparent mode it
 * is the address the client connected to ({@code original}), and the connection goes there too unless the
 * hosts table maps the name elsewhere.
 *
 * <p>Names are resolved only when needed ({@link #forDecision}, {@link #resolved}): after the policies allow
 * the connection, or before deciding when the destination IP can change the decision (a port with
 * {@code ipAddresses} rules, or the mesh configuration's IP range lists). A refused name is never looked up.
 *
 * @param address  where to connect; null while unresolved or when the name did not resolve
 * @param original transparent mode: the client's original destination; null in proxy mode
 */
record Destination(String host, int port, HostsTable.Target target, InetAddress address, InetSocketAddress original) {

    /** Proxy mode: the hosts-table target, with its address when it is an IP literal (nothing is looked up). */
    static Destination requested(ProxyContext context, String host, int port) {
        HostsTable.Target target = context.hosts().lookup(host, port);
        return new Destination(host, port, target, DestinationResolver.literal(target.address()), null);
    }

    /** Transparent mode: the original destination, named by its IP until a Host header or server name says more. */
    static Destination transparent(ProxyContext context, InetSocketAddress original) {
        return named(context, original.getAddress().getHostAddress(), original);
    }

    /** Transparent mode: the same original destination under the name the client asked for. */
    Destination named(ProxyContext context, String name) {
        return named(context, name, original);
    }

    private static Destination named(ProxyContext context, String name, InetSocketAddress original) {
        int port = original.getPort();
        HostsTable.Target mapped = context.hosts().lookup(name, port);
        if (mapped.equals(new HostsTable.Target(name, port))) {
            HostsTable.Target direct =
                    new HostsTable.Target(original.getAddress().getHostAddress(), port);
            return new Destination(name, port, direct, original.getAddress(), original);
        }
        return new Destination(name, port, mapped, DestinationResolver.literal(mapped.address()), original);
    }

    /** Where to connect: this with its target resolved (address null when it does not resolve). */
    CompletableFuture<Destination> resolved(ProxyContext context) {
        if (address != null) {
            return CompletableFuture.completedFuture(this);
        }
        return context.resolver()
                .resolve(target.address())
                .handle((a, error) -> new Destination(host, port, target, error == null ? a : null, original));
    }

    /**
     * {@link #resolved} when it is known at once: this when its address is known, a copy with the address when the
     * resolver has the name in its cache; else null.
     */
    Destination resolvedNow(ProxyContext context) {
        if (address != null) {
            return this;
        }
        InetAddress a = context.resolver().cached(target.address());
        return a == null ? null : new Destination(host, port, target, a, original);
    }

    /**
     * What the decision needs: in proxy mode the resolved address when the IP can change the decision for this
     * port (under the live policies or a staged set), else this as it is (its IP does not matter, and a refused
     * name is never resolved).
     */
    CompletableFuture<Destination> forDecision(ProxyContext context, CompiledPolicySet policies) {
        if (original != null
                || address != null
                || !(policies.needsIp(context.identity(), port)
                        || context.trial().stagedNeedsIp(context.identity(), port))) {
            return CompletableFuture.completedFuture(this);
        }
        return resolved(context);
    }

    /** The address the decision is about: the original destination in transparent mode, else the resolved one. */
    InetAddress decidedAddress() {
        return original != null ? original.getAddress() : address;
    }

    /** The IP the matcher decides on when it is IPv4 (as an int; 0 when unresolved or IPv6, see {@link #at}). */
    int ip() {
        InetAddress a = decidedAddress();
        return a == null ? 0 : DestinationResolver.ipOf(a);
    }

    /**
     * The request, built with {@link #ip}, to the decided address when that is IPv6: the matcher decides it against
     * IPv6 ranges (an IPv4-mapped one as its IPv4 address, as Go does). An IPv4 request is returned as it is.
     */
    EgressRequest at(EgressRequest r) {
        return decidedAddress() instanceof Inet6Address a ? r.withIpv6(Ipv6.of(a.getAddress())) : r;
    }

    String ipText() {
        InetAddress a = decidedAddress();
        return a == null ? null : a.getHostAddress();
    }

    String authority() {
        return host + ":" + port;
    }
}
