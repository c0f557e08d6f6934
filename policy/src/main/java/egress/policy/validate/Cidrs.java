package egress.policy.validate;

/** IPv4 CIDR syntax as Go's {@code net.ParseCIDR} accepts it (the check osm applies after the CRD's loose one). */
final class Cidrs {
    private Cidrs() {
    }

    static boolean isValid(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || !isNumber(text.substring(slash + 1), 0, 32)) {
            return false;
        }
        String[] octets = text.substring(0, slash).split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String o : octets) {
            // Go rejects leading zeros in IPv4 octets ("010") since 1.17
            if (!isNumber(o, 0, 255) || (o.length() > 1 && o.charAt(0) == '0')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(String s, int min, int max) {
        if (s.isEmpty() || s.length() > 3) {
            return false;
        }
        for (char c : s.toCharArray()) {
            if (c < '0' || c > '9') {
                return false;
            }
        }
        int v = Integer.parseInt(s);
        return v >= min && v <= max;
    }
}
