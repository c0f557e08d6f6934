package egress.simulator.curl;

import java.util.Optional;

/**
 * The {@code -v} lines curl writes to stderr, kept short: connection lines ({@code * }, LF), the
 * request sent ({@code > }) and the response headers received ({@code < }), both with CRLF line
 * ends as curl copies them from the wire. No TLS details, no progress meter.
 */
final class VerboseLog {
    private static final String CRLF = "\r\n";
    private final StringBuilder out = new StringBuilder();
    private final CurlCommand command;

    VerboseLog(CurlCommand command) {
        this.command = command;
    }

    VerboseLog trying() {
        info("  Trying " + command.connectAddress() + "...");
        return this;
    }

    VerboseLog connected() {
        Endpoint address = command.connectAddress();
        info("Connected to " + command.connectTarget().host() + " (" + address.host() + ") port " + address.port());
        return this;
    }

    VerboseLog request(Optional<HttpResponse> response) {
        out.append("> ")
                .append(command.method())
                .append(' ')
                .append(command.requestTarget())
                .append(' ')
                .append(requestVersion(response))
                .append(CRLF);
        for (HttpHeader header : command.requestHeaders()) {
            out.append("> ").append(header).append(CRLF);
        }
        out.append("> ").append(CRLF);
        return this;
    }

    VerboseLog response(HttpResponse response) {
        out.append("< ").append(response.statusLine()).append(CRLF);
        for (HttpHeader header : response.headers()) {
            out.append("< ").append(header).append(CRLF);
        }
        out.append("< ").append(CRLF);
        return this;
    }

    VerboseLog info(String text) {
        out.append("* ").append(text).append('\n');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private String requestVersion(Optional<HttpResponse> response) {
        if (command.httpVersion() == CurlHttpVersion.HTTP_1_0) {
            return "HTTP/1.0";
        }
        boolean http2 = response.map(r -> r.version().startsWith("HTTP/2")).orElse(false)
                || command.httpVersion() == CurlHttpVersion.HTTP_2 && command.tls();
        return http2 ? "HTTP/2" : "HTTP/1.1";
    }
}
