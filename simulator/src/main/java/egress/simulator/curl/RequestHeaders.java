package egress.simulator.curl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The headers curl sends, in curl 8's order: Host, Authorization, User-Agent, Accept,
 * Content-Length, Content-Type, then the {@code -H} headers. An {@code -H} header replaces the
 * built-in one of that name (Host keeps its place); {@code -H 'Name:'} removes it and
 * {@code -H 'Name;'} sends it empty.
 */
final class RequestHeaders {
    private RequestHeaders() {}

    static List<HttpHeader> all(CurlCommand command) {
        List<String> lines = command.headerLines();
        List<HttpHeader> headers = new ArrayList<>();
        addBuiltIn(headers, lines, "Host", Optional.of(command.hostHeader()));
        addBuiltIn(headers, lines, "Authorization", basicAuth(command));
        addBuiltIn(
                headers,
                lines,
                "User-Agent",
                Optional.of(command.userAgent().orElse("curl/" + CurlCommand.CURL_VERSION))
                        .filter(agent -> !agent.isEmpty()));
        String accept = command.has(CurlFlag.JSON) ? "application/json" : "*/*";
        addBuiltIn(headers, lines, "Accept", Optional.of(accept));
        if (command.data().isPresent()) {
            int length = command.data().get().getBytes(StandardCharsets.UTF_8).length;
            addBuiltIn(headers, lines, "Content-Length", Optional.of(Integer.toString(length)));
            String type = command.has(CurlFlag.JSON) ? "application/json" : "application/x-www-form-urlencoded";
            addBuiltIn(headers, lines, "Content-Type", Optional.of(type));
        }
        for (HttpHeader header : custom(command)) {
            if (!header.hasName("Host")) {
                headers.add(header);
            }
        }
        return List.copyOf(headers);
    }

    static List<HttpHeader> custom(CurlCommand command) {
        List<HttpHeader> headers = new ArrayList<>();
        for (String line : command.headerLines()) {
            parse(line).ifPresent(headers::add);
        }
        return List.copyOf(headers);
    }

    static Optional<String> customHost(CurlCommand command) {
        return custom(command).stream()
                .filter(h -> h.hasName("Host"))
                .map(HttpHeader::value)
                .reduce((a, b) -> b);
    }

    /** A header that is sent, or empty for a removal ({@code Name:}). */
    static Optional<HttpHeader> parse(String line) {
        int colon = line.indexOf(':');
        int semicolon = line.indexOf(';');
        if (colon > 0 && (semicolon < 0 || colon < semicolon)) {
            String value = line.substring(colon + 1).strip();
            return value.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new HttpHeader(line.substring(0, colon).strip(), value));
        }
        if (semicolon > 0 && line.substring(semicolon + 1).isBlank()) {
            return Optional.of(new HttpHeader(line.substring(0, semicolon).strip(), ""));
        }
        throw new CurlParseException("bad header, expected 'Name: value': " + line);
    }

    private static void addBuiltIn(List<HttpHeader> headers, List<String> lines, String name, Optional<String> value) {
        if (name.equals("Host")) {
            // Host keeps its place with the -H value, unless an -H 'Host:' removes it.
            boolean removed = mentions(lines, name)
                    && lines.stream()
                            .map(RequestHeaders::parse)
                            .flatMap(Optional::stream)
                            .noneMatch(h -> h.hasName(name));
            if (!removed) {
                value.ifPresent(v -> headers.add(new HttpHeader(name, v)));
            }
            return;
        }
        if (mentions(lines, name)) {
            return; // replaced by (or removed with) an -H line
        }
        value.ifPresent(v -> headers.add(new HttpHeader(name, v)));
    }

    private static boolean mentions(List<String> lines, String name) {
        for (String line : lines) {
            if (line.length() > name.length() && line.regionMatches(true, 0, name, 0, name.length())) {
                char after = line.charAt(name.length());
                if (after == ':' || after == ';') {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<String> basicAuth(CurlCommand command) {
        Optional<String> credentials = command.user().or(() -> command.url().userInfo());
        return credentials.map(c -> "Basic "
                + Base64.getEncoder().encodeToString((c.contains(":") ? c : c + ":").getBytes(StandardCharsets.UTF_8)));
    }
}
