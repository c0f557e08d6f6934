package egress.simulator.curl;

/**
 * Where a TCP connection goes: a host name or IP literal (IPv6 without brackets) and a port.
 * A name still has to be resolved by DNS; an IP literal came from the URL or from {@code --resolve}.
 */
public record Endpoint(String host, int port) {
    public Endpoint {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("endpoint host is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0-65535");
        }
    }

    public boolean isIpLiteral() {
        return host.indexOf(':') >= 0 || CurlUrl.isIpv4Literal(host);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
