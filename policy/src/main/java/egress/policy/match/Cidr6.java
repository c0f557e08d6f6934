package egress.policy.match;

/**
 * An IPv6 range that is not an IPv4 one (see {@link GoCidr#ipv6Range}); host bits are masked off. It is only
 * ever asked about IPv6 destinations that are not IPv4-mapped: Go decides those as IPv4 addresses.
 */
public record Cidr6(long hi, long lo, int prefix) {
    public Cidr6 {
        if (prefix < 0 || prefix > 128) {
            throw new IllegalArgumentException("prefix " + prefix + " is outside 0-128");
        }
        hi &= maskHi(prefix);
        lo &= maskLo(prefix);
    }

    static long maskHi(int prefix) {
        return prefix == 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
    }

    static long maskLo(int prefix) {
        return prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
    }

    public boolean contains(Ipv6 ip) {
        return (ip.hi() & maskHi(prefix)) == hi && (ip.lo() & maskLo(prefix)) == lo;
    }

    /** Whether every address of {@code other} is in this range. */
    public boolean covers(Cidr6 other) {
        return other.prefix >= prefix && contains(new Ipv6(other.hi, other.lo));
    }

    @Override
    public String toString() {
        return new Ipv6(hi, lo) + "/" + prefix;
    }
}
