package egress.enforcer.netty;

import egress.enforcer.config.HostsTable;
import egress.policy.match.Cidr;
import egress.policy.match.Cidr6;
import egress.policy.match.CompiledPolicySet;
import egress.policy.match.Decision;
import egress.policy.match.GoCidr;
import egress.policy.match.Ipv6;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * The last check before the enforcer connects anywhere: never to one of its own listeners (whatever the
 * policies say), and to a special address only when someone named it explicitly.
 *
 * <p>Special addresses are loopback (127.0.0.0/8, ::1), "this host" (0.0.0.0/8, ::), link-local
 * (169.254.0.0/16, fe80::/10) and the cloud metadata endpoints (169.254.169.254, fd00:ec2::254, and the name
 * {@code metadata.google.internal}). A connection goes there only when
 * <ul>
 * <li>the operator mapped the name to it with {@code --connect-to} (how the tests and the walkthrough send
 *     {@code httpbin.org} to the built-in upstreams on 127.0.0.1), or</li>
 * <li>the deciding rule names it: a policy host equal to the name asked for (no wildcard), or an
 *     {@code ipAddresses} range of the deciding policy that contains the address and lies inside the special
 *     block (127.0.0.0/8 or narrower, 169.254.0.0/16 or narrower).</li>
 * </ul>
 * Global egress, a port-only rule, a wildcard host or a wide range such as 0.0.0.0/0 does not name them.
 */
final class UpstreamGuard {
    static final String METADATA_NAME = "metadata.google.internal";

    private UpstreamGuard() {}

    /** Why the enforcer will not connect to {@code to}, or null when it may. */
    static String refusal(ProxyContext context, CompiledPolicySet policies, Decision d, Destination to) {
        InetAddress a = to.address();
        int port = to.target().port();
        if (a != null && OwnListeners.contains(a, port)) {
            return a.getHostAddress() + ":" + port
                    + " is one of the enforcer's own listeners, which it never proxies to";
        }
        boolean metadataName =
                to.host().equalsIgnoreCase(METADATA_NAME) || to.host().equalsIgnoreCase(METADATA_NAME + ".");
        int block = a == null ? -1 : specialBlock(a);
        if (!metadataName && block < 0) {
            return null; // the common case: an ordinary address, nothing more to check
        }
        String name = to.host().toLowerCase(Locale.ROOT);
        if (mappedByOperator(context.hosts(), to)
                || namedByHost(d, name)
                || (a != null && namedByRange(policies, d, a, block))) {
            return null;
        }
        String what = metadataName ? "the cloud metadata name " + METADATA_NAME : a.getHostAddress() + " is " + kind(a);
        return what + ", which the enforcer reaches only when a policy names it (an exact host, or an ipAddresses "
                + "range inside its block) or --connect-to maps a name to it";
    }

    /**
     * The prefix length of the special block that contains {@code a} (8 for 127/8 and 0/8, 16 for 169.254/16, 10 for
     * fe80::/10, 128 for ::1, :: and fd00:ec2::254), or -1 for an ordinary address. A range names the address when
     * its prefix is at least this long. (The CRD's pattern admits IPv6 ranges only with a prefix of at most 99, so
     * only the link-local block can be named by an admitted range.)
     */
    static int specialBlock(InetAddress a) {
        if (a instanceof Inet4Address) {
            int ip = DestinationResolver.ipOf(a);
            int first = ip >>> 24;
            if (first == 127 || first == 0) {
                return 8;
            }
            if ((ip >>> 16) == ((169 << 8) | 254)) {
                return 16;
            }
            return -1;
        }
        if (a.isLinkLocalAddress()) {
            return 10; // fe80::/10
        }
        boolean special = a.isLoopbackAddress()
                || a.isAnyLocalAddress()
                || a.getHostAddress().equals("fd00:ec2:0:0:0:0:0:254");
        return special ? 128 : -1; // IPv6: ::1, ::, the metadata address
    }

    private static String kind(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (a.isAnyLocalAddress() || (a instanceof Inet4Address && (DestinationResolver.ipOf(a) >>> 24) == 0)) {
            return "an address of this host (0.0.0.0/8, ::)";
        }
        String text = a.getHostAddress();
        if (text.equals("169.254.169.254") || text.equals("fd00:ec2:0:0:0:0:0:254")) {
            return "the cloud metadata address";
        }
        return "a link-local address";
    }

    /** {@code --connect-to} sends this name somewhere else: the operator chose the address. */
    private static boolean mappedByOperator(HostsTable hosts, Destination to) {
        HostsTable.Target t = hosts.lookup(to.host(), to.port());
        return !t.address().equalsIgnoreCase(to.host());
    }

    private static boolean namedByHost(Decision d, String name) {
        String host = d.rule() == null ? null : d.rule().host();
        return host != null
                && !host.contains("*")
                && host.toLowerCase(Locale.ROOT).equals(name);
    }

    private static boolean namedByRange(CompiledPolicySet policies, Decision d, InetAddress a, int block) {
        if (d.policy() == null) {
            return false;
        }
        int ip = DestinationResolver.ipOf(a);
        Ipv6 ip6 = a instanceof Inet6Address ? Ipv6.of(a.getAddress()) : null;
        for (String text : policies.ipAddressesOf(d.policy())) {
            GoCidr g = GoCidr.tryParse(text);
            if (g == null) {
                continue;
            }
            Cidr c = g.ipv4Range();
            Cidr6 c6 = g.ipv6Range();
            boolean holds = ip6 == null
                    ? c != null && c.prefix() >= block && c.contains(ip)
                    : c6 != null && c6.prefix() >= block && c6.contains(ip6);
            if (holds) {
                return true;
            }
        }
        return false;
    }
}
