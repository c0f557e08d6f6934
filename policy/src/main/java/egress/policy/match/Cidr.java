package egress.policy.match;

/**
 * An IPv4 range. {@link #parse} accepts exactly what Go's {@code net.ParseCIDR} accepts for IPv4,
 * since that is what osm's controller keeps; host bits are masked off ({@code 10.0.0.5/24} is 10.0.0.0/24).
 */
public record Cidr(int network, int prefix) {
    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix " + prefix + " is outside 0-32");
        }
        network = network & mask(prefix);
    }

    /** The range, or null when the text is not a valid IPv4 CIDR. */
    public static Cidr parse(String text) {
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return null;
        }
        long ip = Ipv4.tryParse(text.substring(0, slash));
        String p = text.substring(slash + 1);
        if (ip < 0 || p.isEmpty() || p.length() > 2 || (p.length() > 1 && p.charAt(0) == '0')) {
            return null;
        }
        for (int i = 0; i < p.length(); i++) {
            if (!Character.isDigit(p.charAt(i))) {
                return null;
            }
        }
        int prefix = Integer.parseInt(p);
        return prefix > 32 ? null : new Cidr((int) ip, prefix);
    }

    public static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public boolean contains(int ip) {
        return (ip & mask(prefix)) == network;
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + prefix;
    }
}
