package egress.enforcer.netty;

import egress.policy.match.EgressRequest;
import egress.policy.model.Identity;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where an HTTP request to a proxy is going: from an absolute-form URI ({@code http://host:port/path}),
 * or, inside a CONNECT tunnel, from the tunnel's target with an origin-form URI ({@code /path}).
 *
 * @param target    the origin-form request target sent upstream, {@code /path?query}
 * @param authority absolute-form: the URI's authority as sent, which is decided on and sent upstream as the Host
 *                  header whatever Host header the client wrote (RFC 9112 section 3.2.2); null for origin-form
 */
record HttpTarget(String host, int port, String target, String authority) {

    /**
     * Parses the request URI; null when it is neither absolute-form http nor usable in a tunnel. It reuses what {@code previous} (the last request's target on this connection, or null)
     * already parsed: a keep-alive connection usually asks one authority again and again, so its host and port are
     * not cut out of every URI anew, and a URI equal to the last one is the same target.
     */
    static HttpTarget parse(String uri, Destination tunnel, HttpTarget previous) {
        if (uri.regionMatches(true, 0, "http://", 0, 7)) {
            int slash = indexOfAny(uri, 7);
            String rest = slash == uri.length() ? "/" : null;
            if (previous != null && previous.authority != null && sameRegion(uri, 7, slash, previous.authority)) {
                if (rest == null && uri.charAt(slash) == '/' && sameRegion(uri, slash, uri.length(), previous.target)) {
                    return previous;
                }
                rest = rest != null ? rest : uri.substring(slash);
                return new HttpTarget(
                        previous.host, previous.port, rest.startsWith("?") ? "/" + rest : rest, previous.authority);
            }
            String authority = uri.substring(7, slash);
            if (rest == null) {
                rest = uri.substring(slash);
            }
            if (rest.startsWith("?")) {
                rest = "/" + rest;
            }
            int close = authority.startsWith("[") ? authority.indexOf(']') : -1;
            int colon = authority.lastIndexOf(':');
            if (close > 0 && colon < close) {
                colon = -1; // [v6] without a port
            }
            String host = colon < 0 ? authority : authority.substring(0, colon);
            if (close > 0) {
                host = host.length() > 2 && host.endsWith("]") ? host.substring(1, host.length() - 1) : "";
            }
            int port = colon < 0 ? 80 : port(authority, colon + 1);
            if (host.isEmpty() || port < 0 || authority.contains("@") || (authority.startsWith("[") && close < 0)) {
                return null;
            }
            return new HttpTarget(host, port, rest, authority);
        }
        if (tunnel != null && uri.startsWith("/")) {
            return new HttpTarget(tunnel.host(), tunnel.port(), uri, null);
        }
        return null;
    }

    /**
     * The matcher's view of a request: the URI's authority for absolute-form, else the Host header as sent (or
     * the tunnel's target); {@code host} being what is decided. Of the headers it holds only those named in
     * {@code headerNames} (the names some route match tests, lower case; see
     * {@link egress.policy.match.CompiledPolicySet#routeHeaderNames()}), since no decision reads any other, and
     * copying every header of every request was a cost of its own. Repeated headers are joined with commas.
     */
    EgressRequest request(Identity source, Destination dest, HttpRequest req, Set<String> headerNames) {
        String authority = this.authority != null
                ? this.authority
                : req.headers().get(HttpHeaderNames.HOST, port == 80 ? host : host + ":" + port);
        return dest.at(EgressRequest.http(
                source, dest.ip(), port, authority, req.method().name(), target, headers(req, headerNames)));
    }

    private Map<String, String> headers(HttpRequest req, Set<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<String, String> headers = new HashMap<>();
        for (String name : names) {
            if (!name.equals(name.toLowerCase(Locale.ROOT))) {
                continue; // the request's names are lower case: pipy compares a policy's name as written, so it never
                // meets
            }
            if (this.authority != null && name.equals("host")) {
                headers.put(name, this.authority);
                continue;
            }
            List<String> values = req.headers().getAll(name);
            if (!values.isEmpty()) {
                headers.put(name, values.size() == 1 ? values.get(0) : String.join(",", values));
            }
        }
        return headers;
    }

    /**
     * Where the request goes: the CONNECT tunnel's destination when it names the same place; in transparent
     * mode the original destination under the Host header's name; else the hosts table and DNS.
     */
    Destination destination(ProxyContext context, Destination tunnel, HttpRequest req) {
        if (tunnel != null && tunnel.original() != null) {
            return tunnel.named(context, hostName(req.headers().get(HttpHeaderNames.HOST), host));
        }
        if (tunnel != null && tunnel.host().equals(host) && tunnel.port() == port) {
            return tunnel;
        }
        return Destination.requested(context, host, port);
    }

    /** The name part of a Host header ({@code name}, {@code name:port}, {@code [v6]:port}), or the fallback. */
    static String hostName(String hostHeader, String fallback) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return fallback;
        }
        String h = hostHeader.trim();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 1 ? h.substring(1, end) : fallback;
        }
        int colon = h.indexOf(':');
        String name = colon < 0 ? h : h.substring(0, colon);
        return name.isEmpty() ? fallback : name.toLowerCase(Locale.ROOT);
    }

    /** Parses {@code host:port} as CONNECT sends it; null when malformed. */
    static HttpTarget parseAuthority(String authority) {
        int colon = authority.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        int port = port(authority, colon + 1);
        String host = authority.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return port < 0 || host.isEmpty() ? null : new HttpTarget(host, port, null, null);
    }

    /** Whether {@code s} from {@code from} to {@code to} is exactly {@code other}. */
    private static boolean sameRegion(String s, int from, int to, String other) {
        return to - from == other.length() && s.regionMatches(from, other, 0, other.length());
    }

    private static int indexOfAny(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return s.length();
    }

    /** The port written in {@code text} from {@code from} to its end: 1 to 65535 in decimal, else -1. */
    private static int port(String text, int from) {
        int n = text.length() - from;
        if (n < 1 || n > 5) {
            return -1;
        }
        int p = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            p = p * 10 + (c - '0');
        }
        return p >= 1 && p <= 65535 ? p : -1;
    }
}
