package egress.policy.match;

import java.util.ArrayList;
import java.util.List;

/**
 * IP ranges as Go reads them, split by family: an IPv4 destination (or an IPv4-mapped IPv6 one, which
 * {@link EgressRequest} holds as IPv4) is decided against the IPv4 ranges only, any other IPv6 destination
 * against the IPv6 ranges only, as Go's {@code IPNet.Contains} does. The IPv4 test allocates nothing.
 */
final class IpRanges {
    static final IpRanges NONE = new IpRanges(List.of(), List.of());

    final List<Cidr> v4;
    final List<Cidr6> v6;

    private IpRanges(List<Cidr> v4, List<Cidr6> v6) {
        this.v4 = List.copyOf(v4);
        this.v6 = List.copyOf(v6);
    }

    /** The ranges of the entries Go accepts (what it rejects is left out, R4). */
    static IpRanges of(List<String> entries) {
        List<Cidr> v4 = new ArrayList<>();
        List<Cidr6> v6 = new ArrayList<>();
        for (String s : entries) {
            GoCidr c = GoCidr.tryParse(s);
            if (c == null) {
                continue;
            }
            if (c.ipv4Range() != null) {
                v4.add(c.ipv4Range());
            } else {
                v6.add(c.ipv6Range());
            }
        }
        return v4.isEmpty() && v6.isEmpty() ? NONE : new IpRanges(v4, v6);
    }

    boolean isEmpty() {
        return v4.isEmpty() && v6.isEmpty();
    }

    /**
     * Whether there is a range of the destination's family: an inclusion list says nothing about the other family
     * (its destinations stay intercepted, so the policies decide them).
     */
    boolean hasFamilyOf(EgressRequest r) {
        return r.ipv6() == null ? !v4.isEmpty() : !v6.isEmpty();
    }

    /** Whether a range holds the request's destination address. */
    boolean contains(EgressRequest r) {
        return r.ipv6() == null ? contains(r.ip()) : contains(r.ipv6());
    }

    /** The first range that holds the destination, as text, or null. */
    String rangeOf(EgressRequest r) {
        if (r.ipv6() == null) {
            for (Cidr c : v4) {
                if (c.contains(r.ip())) {
                    return c.toString();
                }
            }
        } else {
            for (Cidr6 c : v6) {
                if (c.contains(r.ipv6())) {
                    return c.toString();
                }
            }
        }
        return null;
    }

    boolean contains(int ip) {
        for (int i = 0, n = v4.size(); i < n; i++) {
            if (v4.get(i).contains(ip)) {
                return true;
            }
        }
        return false;
    }

    boolean contains(Ipv6 ip) {
        for (Cidr6 c : v6) {
            if (c.contains(ip)) {
                return true;
            }
        }
        return false;
    }
}
