package egress.simulator.curl;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One {@code --connect-to HOST1:PORT1:HOST2:PORT2}: a request to HOST1 on PORT1 connects to
 * HOST2 on PORT2 instead. An empty HOST1 or PORT1 matches any; an empty HOST2 or PORT2 keeps the
 * URL's. IPv6 hosts are written in brackets.
 */
public record ConnectToEntry(
        Optional<String> fromHost, OptionalInt fromPort, Optional<String> toHost, OptionalInt toPort) {

    static ConnectToEntry parse(String value) {
        String[] parts = splitFour(value);
        return new ConnectToEntry(host(parts[0]), port(parts[1], value), host(parts[2]), port(parts[3], value));
    }

    boolean matches(String host, int port) {
        return fromHost.map(h -> h.equalsIgnoreCase(host)).orElse(true)
                && (fromPort.isEmpty() || fromPort.getAsInt() == port);
    }

    Endpoint apply(String host, int port) {
        return new Endpoint(toHost.orElse(host), toPort.orElse(port));
    }

    private static String[] splitFour(String value) {
        String[] parts = new String[4];
        int start = 0;
        for (int i = 0; i < 4; i++) {
            int end;
            if (i == 3) {
                end = value.length();
            } else if (value.startsWith("[", start)) {
                int close = value.indexOf(']', start);
                end = close < 0 ? -1 : value.indexOf(':', close);
            } else {
                end = value.indexOf(':', start);
            }
            if (end < 0) {
                throw new CurlParseException("bad --connect-to value, expected HOST1:PORT1:HOST2:PORT2: " + value);
            }
            parts[i] = value.substring(start, end);
            start = end + 1;
        }
        if (parts[3].contains(":")) {
            throw new CurlParseException("bad --connect-to value, expected HOST1:PORT1:HOST2:PORT2: " + value);
        }
        return parts;
    }

    private static Optional<String> host(String text) {
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static OptionalInt port(String text, String value) {
        return text.isEmpty() ? OptionalInt.empty() : OptionalInt.of(OptionValues.port(text, "--connect-to", value));
    }
}
