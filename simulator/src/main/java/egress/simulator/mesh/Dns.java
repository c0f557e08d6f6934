package egress.simulator.mesh;

import egress.policy.match.EgressRequest;
import egress.policy.match.Ipv4;
import egress.policy.match.Ipv6;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The simulated DNS: names given in the table answer with their address (IPv4 or IPv6), any other name with a
 * stable IPv4 address of its own in 198.18.0.0/15 (the benchmarking range, never a real host). A name
 * containing {@code *} never resolves, as no real resolver would answer for it.
 */
public final class Dns {
    private final Map<String, Address> table = new HashMap<>();

    /**
     * An address as the matcher takes it: IPv4 as an int ({@code ipv6} null), or IPv6 as two longs. An
     * IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) is the IPv4 address, as Go's {@code IP.To4} makes it.
     */
    public record Address(int ipv4, Ipv6 ipv6) {
        /** An IPv4 or IPv6 literal (an IPv6 one with or without brackets), or null when the text is neither. */
        public static Address parse(String text) {
            if (text == null) {
                return null;
            }
            long v4 = Ipv4.tryParse(text);
            if (v4 >= 0) {
                return new Address((int) v4, null);
            }
            String s = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
            if (s.indexOf(':') < 0) {
                return null;
            }
            try {
                Ipv6 a = Ipv6.parse(s);
                return a.isIpv4Mapped() ? new Address(a.ipv4(), null) : new Address(0, a);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /** A request built with {@link #ipv4} (the int every factory takes), to this address. */
        public EgressRequest on(EgressRequest r) {
            return r.withIpv6(ipv6);
        }

        /** Whether the request goes to this address. */
        public boolean isDestinationOf(EgressRequest r) {
            return ipv6 != null ? ipv6.equals(r.ipv6()) : r.ipv6() == null && r.ip() == ipv4;
        }

        @Override
        public String toString() {
            return ipv6 != null ? ipv6.toString() : Ipv4.format(ipv4);
        }
    }

    public Dns() {}

    public Dns(Map<String, String> entries) {
        entries.forEach(this::put);
    }

    /** Answers {@code name} with an IPv4 or IPv6 address; throws IllegalArgumentException for anything else. */
    public void put(String name, String address) {
        Address a = Address.parse(address);
        if (a == null) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 or IPv6 address");
        }
        table.put(name.toLowerCase(Locale.ROOT), a);
    }

    /** The address of a name or IP literal, or null when it does not resolve. */
    public Address lookup(String name) {
        Address literal = Address.parse(name);
        if (literal != null) {
            return literal;
        }
        if (name == null || name.isEmpty() || name.contains("*")) {
            return null;
        }
        String key = name.toLowerCase(Locale.ROOT);
        if (key.endsWith(".")) {
            key = key.substring(0, key.length() - 1);
        }
        Address known = table.get(key);
        if (known != null) {
            return known;
        }
        int h = key.hashCode() * 0x9E3779B9;
        int base = Ipv4.parse("198.18.0.0");
        return new Address(base | ((h ^ (h >>> 15)) & 0x1fffe) | 1, null);
    }

    /** The IPv4 address of a name or IPv4 literal, or -1 when it has none (it does not resolve, or only to IPv6). */
    public long resolve(String name) {
        Address a = lookup(name);
        return a == null || a.ipv6() != null ? -1 : a.ipv4() & 0xffffffffL;
    }
}
