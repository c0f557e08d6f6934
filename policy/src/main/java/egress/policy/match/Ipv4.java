package egress.policy.match;

/** IPv4 addresses as ints, parsed strictly (four decimal octets 0-255, no leading zeros, as Go's parser). */
public final class Ipv4 {
    private Ipv4() {}

    /** The address, or throws IllegalArgumentException naming the text. */
    public static int parse(String text) {
        long v = tryParse(text);
        if (v < 0) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
        }
        return (int) v;
    }

    /** The address as a non-negative long, or -1 when the text is not an IPv4 address. */
    public static long tryParse(String text) {
        if (text == null) {
            return -1;
        }
        int n = text.length();
        long result = 0;
        int octets = 0;
        int i = 0;
        while (i <= n) {
            int start = i;
            int value = 0;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return -1;
                }
            }
            int len = i - start;
            if (len == 0 || value > 255 || (len > 1 && text.charAt(start) == '0')) {
                return -1;
            }
            result = (result << 8) | value;
            octets++;
            if (i == n) {
                break;
            }
            if (text.charAt(i) != '.' || octets == 4) {
                return -1;
            }
            i++;
        }
        return octets == 4 ? result : -1;
    }

    public static String format(int ip) {
        return ((ip >>> 24) & 0xff) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }
}
