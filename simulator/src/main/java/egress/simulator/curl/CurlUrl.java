package egress.simulator.curl;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A URL as curl reads it from its command line.
 *
 * <p>Parsed leniently by hand, as curl does, rather than with {@link java.net.URI}: a URL without
 * a scheme is {@code http}, an empty path becomes {@code /}, and the fragment is dropped because
 * curl never sends it. Only {@code http} and {@code https} are supported.
 *
 * @param scheme {@code http} or {@code https}, lower case
 * @param userInfo the {@code user:pass} before {@code @}, when present
 * @param host a name, an IPv4 literal, or an IPv6 literal without its brackets
 * @param explicitPort the port written in the URL, when present
 * @param path the path, starting with {@code /}
 * @param query the text after {@code ?} (without the fragment), when present
 */
public record CurlUrl(
        String scheme,
        Optional<String> userInfo,
        String host,
        OptionalInt explicitPort,
        String path,
        Optional<String> query) {

    public CurlUrl {
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new CurlParseException("unsupported URL scheme: " + scheme);
        }
        if (host.isEmpty()) {
            throw new CurlParseException("no host in URL");
        }
        if (!path.startsWith("/")) {
            throw new CurlParseException("URL path must start with /: " + path);
        }
    }

    /** Parses one URL argument; throws {@link CurlParseException} naming the problem. */
    public static CurlUrl parse(String text) {
        String rest = text;
        String scheme = "http";
        int schemeEnd = rest.indexOf("://");
        if (schemeEnd > 0 && isSchemeName(rest.substring(0, schemeEnd))) {
            scheme = rest.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            rest = rest.substring(schemeEnd + 3);
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new CurlParseException("unsupported URL scheme: " + scheme);
        }
        int fragment = rest.indexOf('#');
        if (fragment >= 0) {
            rest = rest.substring(0, fragment);
        }
        int authorityEnd = indexOfAny(rest, "/?");
        String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        String tail = authorityEnd < 0 ? "" : rest.substring(authorityEnd);

        Optional<String> userInfo = Optional.empty();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            userInfo = Optional.of(authority.substring(0, at));
            authority = authority.substring(at + 1);
        }
        HostAndPort hostPort = hostAndPort(authority, text);

        Optional<String> query = Optional.empty();
        int question = tail.indexOf('?');
        if (question >= 0) {
            query = Optional.of(tail.substring(question + 1));
            tail = tail.substring(0, question);
        }
        String path = tail.isEmpty() ? "/" : tail;
        return new CurlUrl(scheme, userInfo, hostPort.host, hostPort.port, path, query);
    }

    /** The port the URL names: the explicit one, else 80 for http and 443 for https. */
    public int port() {
        return explicitPort.orElse(defaultPort());
    }

    public int defaultPort() {
        return scheme.equals("https") ? 443 : 80;
    }

    /** The path plus {@code ?query}: what curl puts on the request line. */
    public String requestTarget() {
        return query.map(q -> path + "?" + q).orElse(path);
    }

    public boolean isIpv6Literal() {
        return host.indexOf(':') >= 0;
    }

    public boolean isIpLiteral() {
        return isIpv6Literal() || isIpv4Literal(host);
    }

    /** The host as written in a Host header or a URL: IPv6 literals in brackets. */
    public String hostForHeader() {
        return isIpv6Literal() ? "[" + host + "]" : host;
    }

    /** The URL as curl normalises it, e.g. for {@code %{url_effective}}. */
    public String effective() {
        String port = explicitPort.isPresent() ? ":" + explicitPort.getAsInt() : "";
        String user = userInfo.map(u -> u + "@").orElse("");
        return scheme + "://" + user + hostForHeader() + port + requestTarget();
    }

    static boolean isIpv4Literal(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty()
                    || part.length() > 3
                    || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private record HostAndPort(String host, OptionalInt port) {}

    private static HostAndPort hostAndPort(String authority, String url) {
        String host;
        String afterHost;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new CurlParseException("unterminated IPv6 address in URL: " + url);
            }
            host = authority.substring(1, close);
            if (host.isEmpty()
                    || !host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')) {
                throw new CurlParseException("bad IPv6 address in URL: " + url);
            }
            afterHost = authority.substring(close + 1);
            if (!afterHost.isEmpty() && !afterHost.startsWith(":")) {
                throw new CurlParseException("bad IPv6 address in URL: " + url);
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            afterHost = colon < 0 ? "" : authority.substring(colon);
        }
        if (host.isEmpty()) {
            throw new CurlParseException("no host in URL: " + url);
        }
        OptionalInt port = OptionalInt.empty();
        if (afterHost.length() > 1) {
            port = OptionalInt.of(portNumber(afterHost.substring(1), url));
        }
        return new HostAndPort(host, port);
    }

    private static int portNumber(String digits, String url) {
        if (digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new CurlParseException("bad port number in URL: " + url);
        }
        int port = Integer.parseInt(digits);
        if (port > 65535) {
            throw new CurlParseException("bad port number in URL: " + url);
        }
        return port;
    }

    private static boolean isSchemeName(String name) {
        return !name.isEmpty()
                && Character.isLetter(name.charAt(0))
                && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
    }

    private static int indexOfAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
