package egress.policy.match;

/**
 * An IPv6 address as two longs (the high and low 64 bits), for the destinations that are not IPv4. An IPv4
 * address, and an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), stays an int (see {@link Ipv4}), as Go's
 * {@code IP.To4} makes it IPv4 before {@code IPNet.Contains} compares it; so an instance of this class is never
 * IPv4-mapped when it comes from {@link #address}.
 */
public record Ipv6(long hi, long lo) {
    private static final long MAPPED_HI = 0L;
    private static final long MAPPED_LO_PREFIX = 0x0000_ffff_0000_0000L;

    /** The address of 16 bytes in network order. */
    public static Ipv6 of(byte[] sixteen) {
        if (sixteen.length != 16) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + sixteen.length);
        }
        return new Ipv6(longAt(sixteen, 0), longAt(sixteen, 8));
    }

    /** An IPv6 literal (no brackets, no zone) as Go's {@code netip.ParseAddr} reads it; throws when it is not one. */
    public static Ipv6 parse(String text) {
        byte[] b = GoCidr.parseAddress(text);
        if (b.length != 16) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
        }
        return of(b);
    }

    /** Whether this is {@code ::ffff:a.b.c.d}, which Go decides as the IPv4 address a.b.c.d. */
    public boolean isIpv4Mapped() {
        return hi == MAPPED_HI && (lo & 0xffff_ffff_0000_0000L) == MAPPED_LO_PREFIX;
    }

    /** The IPv4 address of an IPv4-mapped address ({@link #isIpv4Mapped}). */
    public int ipv4() {
        return (int) lo;
    }

    /** The canonical text (RFC 5952: lower case, the longest run of two or more zero groups as {@code ::}). */
    @Override
    public String toString() {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            long word = i < 4 ? hi : lo;
            g[i] = (int) (word >>> (48 - 16 * (i % 4))) & 0xffff;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    private static long longAt(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
