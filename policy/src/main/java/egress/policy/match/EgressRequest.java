package egress.policy.match;

import egress.policy.model.Identity;
import java.util.Map;

/**
 * One outbound connection (and, for HTTP, one request on it) as the sidecar sees it.
 *
 * @param source      the client pod's identity
 * @param protocol    what the client sends first
 * @param ip          the original destination address when it is IPv4 (as an int: see {@link Ipv4}); 0 when
 *                    {@code ipv6} is set
 * @param ipv6        the original destination address when it is IPv6 and not IPv4-mapped, else null (an
 *                    IPv4 request carries no object, so the IPv4 path stays as it was)
 * @param port        the original destination port
 * @param host        the name the client used, for explanations only (may be null)
 * @param authority   HTTP only: the Host header exactly as sent, port included when sent
 * @param method      HTTP only: the request method
 * @param target      HTTP only: the request target, path and query ({@code /get?a=1})
 * @param headers     HTTP only: request headers, names in lower case
 * @param sni         TLS only: the ClientHello's server name, null when it has none
 * @param serverFirst the client waits for the server to speak first
 */
public record EgressRequest(
        Identity source,
        AppProtocol protocol,
        int ip,
        Ipv6 ipv6,
        int port,
        String host,
        String authority,
        String method,
        String target,
        Map<String, String> headers,
        String sni,
        boolean serverFirst) {

    public EgressRequest {
        headers = headers == null ? Map.of() : headers;
        if (ipv6 != null && ipv6.isIpv4Mapped()) {
            ip = ipv6.ipv4(); // Go's IP.To4: ::ffff:a.b.c.d is decided as a.b.c.d
            ipv6 = null;
        } else if (ipv6 != null) {
            ip = 0;
        }
    }

    /** A request to an IPv4 destination. */
    public EgressRequest(
            Identity source,
            AppProtocol protocol,
            int ip,
            int port,
            String host,
            String authority,
            String method,
            String target,
            Map<String, String> headers,
            String sni,
            boolean serverFirst) {
        this(source, protocol, ip, null, port, host, authority, method, target, headers, sni, serverFirst);
    }

    public static EgressRequest http(
            Identity source,
            int ip,
            int port,
            String authority,
            String method,
            String target,
            Map<String, String> headers) {
        return new EgressRequest(
                source, AppProtocol.HTTP, ip, port, hostOf(authority), authority, method, target, headers, null, false);
    }

    public static EgressRequest tls(Identity source, int ip, int port, String sni) {
        return new EgressRequest(source, AppProtocol.TLS, ip, port, sni, null, null, null, Map.of(), sni, false);
    }

    public static EgressRequest tcp(Identity source, int ip, int port, boolean serverFirst) {
        return new EgressRequest(
                source, AppProtocol.TCP, ip, port, null, null, null, null, Map.of(), null, serverFirst);
    }

    /** The same request under another name, for explanations (a TCP connection made to a named host). */
    public EgressRequest withHost(String name) {
        return new EgressRequest(
                source, protocol, ip, ipv6, port, name, authority, method, target, headers, sni, serverFirst);
    }

    /**
     * The same request to the IPv6 address {@code address} (an IPv4-mapped one becomes its IPv4 address, as Go
     * decides it); null leaves it as it is.
     */
    public EgressRequest withIpv6(Ipv6 address) {
        return address == null
                ? this
                : new EgressRequest(
                        source, protocol, 0, address, port, host, authority, method, target, headers, sni, serverFirst);
    }

    /** The destination address as text: dotted IPv4, or canonical IPv6. */
    public String ipText() {
        return ipv6 != null ? ipv6.toString() : Ipv4.format(ip);
    }

    /** The path without the query string. */
    public String path() {
        if (target == null) {
            return null;
        }
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** {@code host:port} or {@code ip:port}, for messages. */
    public String destination() {
        return (host != null ? host : ipv6 != null ? "[" + ipv6 + "]" : Ipv4.format(ip)) + ":" + port;
    }

    static String hostOf(String authority) {
        if (authority == null) {
            return null;
        }
        int colon = authority.lastIndexOf(':');
        return colon > 0 && authority.indexOf(']') < colon ? authority.substring(0, colon) : authority;
    }
}
