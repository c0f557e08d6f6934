package egress.policy.match;

/** What the client sends first on a connection: an HTTP/1 request, a TLS ClientHello, or other bytes. */
public enum AppProtocol {
    HTTP,
    TLS,
    TCP;

    public static AppProtocol parse(String s) {
        return switch (s) {
            case "http" -> HTTP;
            case "tls", "https" -> TLS;
            case "tcp" -> TCP;
            default -> throw new IllegalArgumentException("unknown protocol '" + s + "': expected http, tls or tcp");
        };
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
