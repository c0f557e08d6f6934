package egress.simulator.learn;

import egress.policy.match.AppProtocol;
import egress.policy.match.EgressRequest;
import egress.policy.match.Ipv4;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request pinned in the learned EgressTest file, in the test format's explicit form. */
record LearnedCase(String name, EgressRequest request, boolean allow) {

    static String describe(EgressRequest r) {
        return switch (r.protocol()) {
            case HTTP -> r.source() + " " + r.method() + " http://" + r.authority() + r.target();
            case TLS ->
                r.source() + " tls " + (r.sni() == null ? "(no server name) " + Ipv4.format(r.ip()) : r.sni()) + ":"
                        + r.port();
            case TCP ->
                r.source() + " tcp" + (r.serverFirst() ? " (server first) " : " ") + Ipv4.format(r.ip()) + ":"
                        + r.port();
        };
    }

    /** The case as the test format writes it. */
    Map<String, Object> toYaml() {
        Map<String, Object> req = new LinkedHashMap<>();
        EgressRequest r = request;
        req.put("from", r.source().toString());
        req.put("protocol", r.protocol().id());
        if (r.protocol() == AppProtocol.HTTP) {
            req.put("host", r.host());
        } else if (r.protocol() == AppProtocol.TLS) {
            if (r.sni() != null) {
                req.put("host", r.sni());
            } else {
                req.put("sni", "");
            }
        }
        req.put("ip", Ipv4.format(r.ip()));
        req.put("port", r.port());
        if (r.protocol() == AppProtocol.HTTP) {
            req.put("method", r.method());
            req.put("path", r.target());
        }
        if (r.serverFirst()) {
            req.put("serverFirst", true);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("request", req);
        c.put("expect", Map.of("verdict", allow ? "allow" : "deny"));
        return c;
    }
}
