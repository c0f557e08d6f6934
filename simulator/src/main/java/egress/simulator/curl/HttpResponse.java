package egress.simulator.curl;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP response as curl receives it.
 *
 * @param version the protocol as on the status line, e.g. {@code HTTP/1.1} or {@code HTTP/2}
 * @param reason the reason phrase, empty for HTTP/2 (which has none)
 * @param headers in the order received
 * @param body the body as text (UTF-8 on the wire)
 */
public record HttpResponse(String version, int status, String reason, List<HttpHeader> headers, String body) {
    public HttpResponse {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(body, "body");
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status " + status + " is outside 100-999");
        }
        headers = List.copyOf(headers);
    }

    /**
     * The status line as curl prints it: version, status, reason, separated by single spaces.
     * With an empty reason (HTTP/2) the line ends in a space, as curl prints {@code "HTTP/2 200 "}.
     */
    public String statusLine() {
        return version + " " + status + " " + reason;
    }

    public Optional<String> header(String name) {
        return headers.stream()
                .filter(h -> h.hasName(name))
                .map(HttpHeader::value)
                .findFirst();
    }

    public int bodyLength() {
        return body.getBytes(StandardCharsets.UTF_8).length;
    }
}
