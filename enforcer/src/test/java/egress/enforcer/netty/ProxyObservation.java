package egress.enforcer.netty;

import egress.enforcer.tls.ClientHelloBytes;
import egress.policy.match.Signal;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Locale;

/**
 * What a client connected to the proxy sees, reduced to the classes of enforcer/README.md's refusal
 * table, and which class each decision signal should produce. An absolute-form HTTP request cannot
 * tell {@code connection-refused} from {@code connection-closed} (both: closed with no response).
 */
final class ProxyObservation {
    static final String UPSTREAM = "upstream answered";

    private ProxyObservation() {}

    /** The class a signal shows as, for a request sent in absolute form or through CONNECT. */
    static String expected(Signal signal, boolean viaConnect) {
        return switch (signal) {
            case FORWARDED, FORWARDED_TO_POLICY_HOST -> UPSTREAM;
            case HTTP_403 -> "http 403 from the proxy";
            case HTTP_404 -> "http 404 from the proxy";
            case CONNECTION_REFUSED -> viaConnect ? "CONNECT closed with no response" : "closed with no response";
            case CONNECTION_CLOSED -> viaConnect ? "200, then closed" : "closed with no response";
            case CONNECTION_RESET -> viaConnect ? "200, then reset" : "reset";
        };
    }

    /** {@code GET http://host/path}, as {@code curl -x} sends it. */
    static String absoluteHttp(int proxyPort, String host, String path) throws IOException {
        try (RawClient c = new RawClient(proxyPort)) {
            c.send("GET http://" + host + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            return http(c.readToEnd(), "closed with no response", "reset");
        }
    }

    /** CONNECT host:port, then an HTTP request, a ClientHello for {@code sni}, or opaque bytes. */
    static String connect(int proxyPort, String host, int port, String kind, String pathOrSni) throws Exception {
        try (RawClient c = new RawClient(proxyPort)) {
            c.send("CONNECT " + host + ":" + port + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n");
            String head;
            try {
                head = c.readHead();
            } catch (IOException e) {
                return "CONNECT reset";
            }
            if (head.isEmpty()) {
                return "CONNECT closed with no response";
            }
            if (!head.startsWith("HTTP/1.1 200")) {
                return "CONNECT answered " + head.lines().findFirst().orElse("");
            }
            switch (kind) {
                case "http" -> {
                    c.send("GET " + pathOrSni + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
                    return http(c.readToEnd(), "200, then closed", "200, then reset");
                }
                case "tls" -> c.send(ClientHelloBytes.of(pathOrSni));
                default -> c.send("hello\r\n");
            }
            return firstByte(c.socket.getInputStream(), kind.equals("tls") ? 0x16 : '2');
        }
    }

    private static String firstByte(InputStream in, int expected) {
        try {
            int b = in.read();
            if (b < 0) {
                return "200, then closed";
            }
            return b == expected ? UPSTREAM : "unexpected byte " + b;
        } catch (SocketTimeoutException e) {
            return "silence";
        } catch (IOException e) {
            return "200, then reset";
        }
    }

    private static String http(String reply, String eof, String reset) {
        if (reply.equals("EOF")) {
            return eof;
        }
        if (reply.equals("RESET")) {
            return reset;
        }
        if (reply.endsWith("TIMEOUT") || !reply.startsWith("HTTP/1.1 ")) {
            return "odd reply: " + reply;
        }
        String status = reply.substring(9, 12);
        String lower = reply.toLowerCase(Locale.ROOT);
        if (lower.contains("x-egress-decision: deny")) {
            return "http " + status + " from the proxy";
        }
        if (lower.contains("upstream=unreachable")) {
            return "upstream unreachable";
        }
        return UPSTREAM;
    }
}
