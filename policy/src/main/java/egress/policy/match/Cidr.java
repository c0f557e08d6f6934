package egress.policy.match;

/**
 * An IPv4 range; host bits are masked off ({@code 10.0.0.5/24} is 10.0.0.0/24). Text becomes one through
 * {@link GoCidr}, the one parser, as Go's {@code net.ParseCIDR} reads it.
 */
public record Cidr(int network, int prefix) {
    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix " + prefix + " is outside 0-32");
        }
        network = network & mask(prefix);
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
