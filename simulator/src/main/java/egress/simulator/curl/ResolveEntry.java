package egress.simulator.curl;

import java.util.List;

/**
 * One {@code --resolve HOST:PORT:ADDR[,ADDR]...}: connections to HOST on PORT use the first ADDR
 * instead of asking DNS. A HOST of {@code *} matches every host.
 */
public record ResolveEntry(String host, int port, List<String> addresses) {
    public ResolveEntry {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("--resolve needs at least one address");
        }
    }

    static ResolveEntry parse(String value) {
        String[] parts = value.split(":", 3);
        if (parts.length != 3 || parts[0].isEmpty() || parts[2].isEmpty()) {
            throw new CurlParseException("bad --resolve value, expected HOST:PORT:ADDR: " + value);
        }
        int port = OptionValues.port(parts[1], "--resolve", value);
        List<String> addresses = List.of(parts[2].split(","));
        return new ResolveEntry(
                parts[0], port, addresses.stream().map(ResolveEntry::unbracket).toList());
    }

    boolean matches(String otherHost, int otherPort) {
        return port == otherPort && (host.equals("*") || host.equalsIgnoreCase(otherHost));
    }

    private static String unbracket(String address) {
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }
}
