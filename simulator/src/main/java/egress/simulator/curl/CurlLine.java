package egress.simulator.curl;

import egress.policy.match.EgressRequest;
import egress.policy.match.Ipv4;
import java.util.Map;
import java.util.TreeMap;

/** A request the sidecar decided, written back as the command a person runs to send it again. */
public final class CurlLine {
    private CurlLine() {}

    /** A curl line for http and https, {@code tcp IP:PORT} for tcp: what a person runs to see it. */
    public static String of(EgressRequest r) {
        String ip = Ipv4.format(r.ip());
        return switch (r.protocol()) {
            case HTTP -> {
                StringBuilder b = new StringBuilder("HEAD".equals(r.method()) ? "curl -sI" : "curl -s");
                if (!"GET".equals(r.method()) && !"HEAD".equals(r.method())) {
                    b.append(" -X ").append(r.method());
                }
                for (Map.Entry<String, String> h : new TreeMap<>(r.headers()).entrySet()) {
                    if (!h.getKey().equals("host") && !curlDefault(h.getKey(), h.getValue())) {
                        b.append(" -H ").append(quote(h.getKey() + ": " + h.getValue()));
                    }
                }
                yield b.append(' ')
                        .append(quote("http://" + r.authority() + r.target()))
                        .toString();
            }
            case TLS ->
                r.sni() == null
                        ? "curl -sk https://" + ip + ":" + r.port() + "/"
                        : "curl -s --resolve " + r.sni() + ":" + r.port() + ":" + ip + " https://" + r.sni() + ":"
                                + r.port() + "/";
            case TCP -> "tcp " + (r.serverFirst() ? "(server first) " : "") + ip + ":" + r.port();
        };
    }

    /** The headers curl sends by itself: a user running the line gets them anyway. */
    private static boolean curlDefault(String name, String value) {
        return name.equals("accept") && value.equals("*/*") || name.equals("user-agent") && value.startsWith("curl/");
    }

    private static String quote(String s) {
        return s.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/:._-?=&%".indexOf(c) >= 0)
                ? s
                : "'" + s.replace("'", "'\\''") + "'";
    }
}
