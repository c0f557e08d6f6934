package egress.policy.match;

import egress.policy.model.Egress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * For a refused request, the rule that came closest and what differs: "httpbin.org is allowed on
 * port 80 by curl/httpbin-80, not on 8080". Worked out only when a refusal is explained.
 */
final class NearestMiss {
    private NearestMiss() {
    }

    /** Kinds of miss, the closest first. */
    private enum Kind { ROUTE, IGNORED, PROTOCOL, HOST, PORT, ADDRESS, SOURCE, DISABLED }

    private record Miss(Kind kind, int order, String text) {
    }

    static String find(CompiledPolicySet set, EgressRequest r) {
        String host = requestHost(r);
        Miss best = null;
        for (CompiledPolicy p : set.policies()) {
            Miss m = miss(set, p, r, host);
            if (m != null && (best == null || m.kind.ordinal() < best.kind.ordinal())) {
                best = m;
            }
        }
        return best == null ? null : best.text;
    }

    private static Miss miss(CompiledPolicySet set, CompiledPolicy p, EgressRequest r, String host) {
        Egress e = p.egress;
        boolean sourceOk = e.sources().stream().anyMatch(s -> s.selects(r.source()));
        List<Egress.Port> ports = e.ports();
        Miss best = null;
        for (Egress.Port port : ports) {
            String proto = port.protocol() == null ? "" : port.protocol();
            String lower = proto.toLowerCase(Locale.ROOT);
            boolean hostBased = lower.equals("http") || lower.equals("https");
            boolean hostOk = !hostBased || (lower.equals("https") && e.hosts().isEmpty())
                    || (host != null && e.hosts().stream().anyMatch(h -> h.equalsIgnoreCase(host)));
            boolean ipOk = hostBased && lower.equals("http") || p.containsIp(r);
            boolean portOk = port.number() == r.port();
            Miss m = null;
            String where = host != null ? host : r.ipText();
            if (portOk && hostOk && ipOk && sourceOk) {
                if (p.ignoredBecause != null) {
                    m = new Miss(Kind.IGNORED, p.order, p.ref + " would allow " + where + ":" + port.number()
                            + ", but it is ignored: " + p.ignoredBecause);
                } else if (!set.meshConfig().enableEgressPolicy()) {
                    m = new Miss(Kind.DISABLED, p.order, p.ref + " would allow " + where + ":" + port.number()
                            + ", but enableEgressPolicy is off in the MeshConfig, so every Egress is ignored");
                } else if (PolicyCompiler.protocol(proto, set.engine()) == null) {
                    m = new Miss(Kind.PROTOCOL, p.order, p.ref + " lists port " + port.number() + " with protocol '"
                            + proto + "', which the " + set.engine().id() + " engine does not recognise"
                            + (proto.equals(lower) ? "" : ": write " + lower));
                } else if (lower.equals("http") && r.protocol() == AppProtocol.HTTP && p.routes != null) {
                    m = new Miss(Kind.ROUTE, p.order, p.ref + " allows " + where + ":" + port.number()
                            + " only for " + describeRoutes(p) + "; " + r.method() + " " + r.target() + " matches none");
                } else if (!protocolFits(lower, r)) {
                    m = new Miss(Kind.PROTOCOL, p.order, p.ref + " allows port " + port.number() + " for " + lower
                            + ", but the client sent " + r.protocol().id());
                }
            } else if (sourceOk && hostOk && ipOk && !portOk && p.ignoredBecause == null) {
                m = new Miss(Kind.PORT, p.order, where + " is allowed on port " + port.number() + " by " + p.ref
                        + ", not on " + r.port());
            } else if (sourceOk && portOk && !hostOk && p.ignoredBecause == null) {
                m = new Miss(Kind.HOST, p.order, "port " + port.number() + " is allowed by " + p.ref + " for "
                        + String.join(", ", e.hosts()) + ", not " + (host == null ? "a connection without a name" : host));
            } else if (sourceOk && portOk && hostOk && p.ignoredBecause == null) {
                m = new Miss(Kind.ADDRESS, p.order, p.ref + " allows port " + port.number() + " only to "
                        + e.ipAddresses() + ", not " + r.ipText());
            } else if (!sourceOk && portOk && hostOk && ipOk) {
                m = new Miss(Kind.SOURCE, p.order, p.ref + " allows " + where + ":" + port.number() + " for "
                        + sources(e) + ", not for " + r.source());
            }
            if (m != null && (best == null || m.kind.ordinal() < best.kind.ordinal())) {
                best = m;
            }
        }
        return best;
    }

    private static boolean protocolFits(String policyProtocol, EgressRequest r) {
        return switch (policyProtocol) {
            case "http" -> r.protocol() == AppProtocol.HTTP;
            case "https" -> r.protocol() == AppProtocol.TLS;
            default -> true;
        };
    }

    private static String describeRoutes(CompiledPolicy p) {
        if (p.routes.isEmpty()) {
            return "routes of HTTPRouteGroups that do not exist (" + p.egress.matches().stream()
                    .filter(Egress.Match::isRouteGroup).map(Egress.Match::name).collect(Collectors.joining(", "))
                    + "), that is for nothing";
        }
        List<String> parts = new ArrayList<>();
        for (CompiledRoute route : p.routes) {
            parts.add(route.describe() + " (" + route.group.name() + "/" + route.matchName + ")");
        }
        return "the routes " + String.join(", ", parts);
    }

    private static String sources(Egress e) {
        return e.sources().stream().map(s -> s.namespace() + "/" + s.name()).collect(Collectors.joining(", "));
    }

    private static String requestHost(EgressRequest r) {
        return switch (r.protocol()) {
            case HTTP -> EgressRequest.hostOf(r.authority());
            case TLS -> r.sni() != null ? r.sni() : r.host();
            case TCP -> r.host();
        };
    }
}
