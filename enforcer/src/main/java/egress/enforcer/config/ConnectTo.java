package egress.enforcer.config;

/**
 * One {@code --connect-to HOST:PORT:ADDR:PORT} mapping, as curl's option of that name: requests for
 * HOST:PORT go to ADDR:PORT instead. An empty HOST or PORT on the left matches any; an empty ADDR or
 * PORT on the right keeps the requested one.
 *
 * @param host        the requested host, or null for any
 * @param port        the requested port, or -1 for any
 * @param address     where to connect instead (a name or an IPv4 literal), or null to keep the host
 * @param addressPort the port to connect to instead, or -1 to keep the port
 */
public record ConnectTo(String host, int port, String address, int addressPort) {

    /** Parses {@code HOST:PORT:ADDR:PORT}; throws IllegalArgumentException with a message a user can act on. */
    public static ConnectTo parse(String text) {
        String[] parts = text == null ? new String[0] : text.split(":", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("--connect-to expects HOST:PORT:ADDR:PORT, got '" + text + "'");
        }
        return new ConnectTo(emptyToNull(parts[0]), port(parts[1], text), emptyToNull(parts[2]), port(parts[3], text));
    }

    public boolean matches(String requestedHost, int requestedPort) {
        return (host == null || host.equalsIgnoreCase(requestedHost)) && (port < 0 || port == requestedPort);
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static int port(String s, String text) {
        if (s.isEmpty()) {
            return -1;
        }
        try {
            int p = Integer.parseInt(s);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("port '" + s + "' in --connect-to '" + text + "' is not 1-65535");
    }

    @Override
    public String toString() {
        return (host == null ? "" : host) + ":" + (port < 0 ? "" : port) + ":" + (address == null ? "" : address) + ":"
                + (addressPort < 0 ? "" : addressPort);
    }
}
