package egress.policy.match;

/**
 * An {@code ipAddresses} entry as Go's {@code net.ParseCIDR} reads it (Go 1.22 and later: the address through
 * {@code netip.ParseAddr}, the prefix length through {@code dtoi}). This is the one CIDR parser of the product:
 * the matcher and the lint both use it, so what the lint calls valid is exactly what the matcher keeps.
 *
 * <p>What follows from Go's rules: an IPv4 octet with a leading zero ({@code 010.0.0.0}) is rejected, a prefix
 * length with leading zeros ({@code /08}) is read as its decimal value, an IPv6 group has at most four hex digits,
 * an embedded IPv4 ({@code ::ffff:10.0.0.0}) replaces the last two groups, and a zone ({@code %eth0}) is rejected.
 *
 * @param network the network address, masked as Go masks it: 4 bytes for an IPv4 address, 16 for IPv6
 * @param prefix  the prefix length, 0-32 for IPv4, 0-128 for IPv6
 */
public record GoCidr(byte[] network, int prefix) {
    /** dtoi stops at this value (Go's {@code big}). */
    private static final int BIG = 0xFFFFFF;

    /** What Go makes of the text; throws IllegalArgumentException saying why Go rejects it. */
    public static GoCidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no CIDR");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("no '/' and prefix length");
        }
        byte[] addr = parseAddr(text.substring(0, slash));
        int bits = addr.length * 8;
        String mask = text.substring(slash + 1);
        int n = 0;
        int i = 0;
        for (; i < mask.length() && mask.charAt(i) >= '0' && mask.charAt(i) <= '9'; i++) {
            n = n * 10 + (mask.charAt(i) - '0');
            if (n >= BIG) {
                throw new IllegalArgumentException("prefix length \"" + mask + "\" is too large");
            }
        }
        if (i == 0 || i != mask.length()) {
            throw new IllegalArgumentException("prefix length \"" + mask + "\" is not a decimal number");
        }
        if (n > bits) {
            throw new IllegalArgumentException("prefix length " + n + " is over " + bits);
        }
        for (int b = 0; b < addr.length; b++) {
            int keep = Math.max(0, Math.min(8, n - b * 8));
            addr[b] = (byte) (addr[b] & (0xff00 >> keep));
        }
        return new GoCidr(addr, n);
    }

    /** What Go makes of the text, or null when Go rejects it. */
    public static GoCidr tryParse(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Why Go rejects the text, or null when it accepts it. */
    public static String rejection(String text) {
        try {
            parse(text);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    public GoCidr {
        network = network.clone();
    }

    /** A copy of the network address. */
    @Override
    public byte[] network() {
        return network.clone();
    }

    public boolean isIpv6() {
        return network.length == 16;
    }

    /**
     * The IPv4 addresses the range holds, as Go's {@code IPNet.Contains} decides for an IPv4 address; null
     * when it holds none (an IPv6 range, unless it is IPv4-mapped, {@code ::ffff:a.b.c.d}, with a prefix of 96 or
     * more).
     */
    public Cidr ipv4Range() {
        if (!isIpv6()) {
            return new Cidr(intAt(network, 0), prefix);
        }
        for (int b = 0; b < 10; b++) {
            if (network[b] != 0) {
                return null;
            }
        }
        if (network[10] != (byte) 0xff || network[11] != (byte) 0xff || prefix < 96) {
            return null;
        }
        return new Cidr(intAt(network, 12), prefix - 96);
    }

    /**
     * The IPv6 addresses the range holds, as Go's {@code IPNet.Contains} decides for an IPv6 address that is not
     * IPv4-mapped (Go makes {@code ::ffff:a.b.c.d} IPv4 first); null for a range that is IPv4 in Go's eyes (an IPv4
     * network, or an IPv4-mapped one with a prefix of 96 or more, see {@link #ipv4Range}). So every entry Go accepts
     * has exactly one of the two ranges.
     */
    public Cidr6 ipv6Range() {
        if (!isIpv6() || ipv4Range() != null) {
            return null;
        }
        Ipv6 a = Ipv6.of(network);
        return new Cidr6(a.hi(), a.lo(), prefix);
    }

    /**
     * Whether the entry's address, before the prefix masks it, is IPv4-mapped ({@code ::ffff:a.b.c.d}): an IPv4
     * address meant, which is an IPv4 range only with a prefix of 96 or more.
     */
    public static boolean writtenAsIpv4Mapped(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            return false;
        }
        try {
            byte[] a = parseAddr(text.substring(0, slash));
            return a.length == 16 && Ipv6.of(a).isIpv4Mapped();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** An address (no prefix) as {@code netip.ParseAddr} reads it, zones refused: 4 bytes for IPv4, 16 for IPv6. */
    static byte[] parseAddress(String s) {
        if (s == null) {
            throw new IllegalArgumentException("no address");
        }
        return parseAddr(s);
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static int intAt(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    /** {@code netip.ParseAddr}: the kind is picked by the first '.', ':' or '%'. */
    private static byte[] parseAddr(String s) {
        for (int i = 0; i < s.length(); i++) {
            switch (s.charAt(i)) {
                case '.':
                    return parseIpv4(s);
                case ':':
                    return parseIpv6(s);
                case '%':
                    throw new IllegalArgumentException("\"" + s + "\" has a zone but no IPv6 address");
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("\"" + s + "\" is not an IP address");
    }

    private static byte[] parseIpv4(String s) {
        byte[] out = new byte[4];
        int val = 0;
        int pos = 0;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 1 && val == 0) {
                    throw new IllegalArgumentException("IPv4 octet with a leading zero in \"" + s + "\"");
                }
                val = val * 10 + (c - '0');
                digits++;
                if (val > 255) {
                    throw new IllegalArgumentException("IPv4 octet over 255 in \"" + s + "\"");
                }
            } else if (c == '.') {
                if (i == 0 || i == s.length() - 1 || s.charAt(i - 1) == '.') {
                    throw new IllegalArgumentException("empty IPv4 octet in \"" + s + "\"");
                }
                if (pos == 3) {
                    throw new IllegalArgumentException("more than four IPv4 octets in \"" + s + "\"");
                }
                out[pos++] = (byte) val;
                val = 0;
                digits = 0;
            } else {
                throw new IllegalArgumentException("unexpected character '" + c + "' in \"" + s + "\"");
            }
        }
        if (pos < 3) {
            throw new IllegalArgumentException("fewer than four IPv4 octets in \"" + s + "\"");
        }
        out[3] = (byte) val;
        return out;
    }

    private static byte[] parseIpv6(String in) {
        if (in.indexOf('%') >= 0) {
            throw new IllegalArgumentException("\"" + in + "\" has a zone, which a CIDR may not have");
        }
        byte[] ip = new byte[16];
        String s = in;
        int ellipsis = -1;
        if (s.startsWith("::")) {
            ellipsis = 0;
            s = s.substring(2);
            if (s.isEmpty()) {
                return ip;
            }
        }
        int i = 0;
        while (i < 16) {
            int off = 0;
            int acc = 0;
            for (; off < s.length(); off++) {
                int d = hexDigit(s.charAt(off));
                if (d < 0) {
                    break;
                }
                acc = (acc << 4) + d;
                if (off > 3) {
                    throw new IllegalArgumentException("an IPv6 group has more than four digits in \"" + in + "\"");
                }
            }
            if (off == 0) {
                throw new IllegalArgumentException("an empty IPv6 group in \"" + in + "\"");
            }
            if (off < s.length() && s.charAt(off) == '.') {
                if (ellipsis < 0 && i != 12) {
                    throw new IllegalArgumentException(
                            "an embedded IPv4 address must replace the last two groups" + " in \"" + in + "\"");
                }
                if (i + 4 > 16) {
                    throw new IllegalArgumentException("no room for an embedded IPv4 address in \"" + in + "\"");
                }
                System.arraycopy(parseIpv4(s), 0, ip, i, 4);
                s = "";
                i += 4;
                break;
            }
            ip[i] = (byte) (acc >> 8);
            ip[i + 1] = (byte) acc;
            i += 2;
            s = s.substring(off);
            if (s.isEmpty()) {
                break;
            }
            if (s.charAt(0) != ':') {
                throw new IllegalArgumentException("unexpected character '" + s.charAt(0) + "' in \"" + in + "\"");
            }
            if (s.length() == 1) {
                throw new IllegalArgumentException("\"" + in + "\" ends with a single ':'");
            }
            s = s.substring(1);
            if (s.charAt(0) == ':') {
                if (ellipsis >= 0) {
                    throw new IllegalArgumentException("more than one '::' in \"" + in + "\"");
                }
                ellipsis = i;
                s = s.substring(1);
                if (s.isEmpty()) {
                    break;
                }
            }
        }
        if (!s.isEmpty()) {
            throw new IllegalArgumentException("trailing text after the address in \"" + in + "\"");
        }
        if (i < 16) {
            if (ellipsis < 0) {
                throw new IllegalArgumentException("too few IPv6 groups in \"" + in + "\"");
            }
            int n = 16 - i;
            System.arraycopy(ip, ellipsis, ip, ellipsis + n, i - ellipsis);
            java.util.Arrays.fill(ip, ellipsis, ellipsis + n, (byte) 0);
        } else if (ellipsis >= 0) {
            throw new IllegalArgumentException("'::' stands for no group in \"" + in + "\"");
        }
        return ip;
    }
}
