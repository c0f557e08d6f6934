package egress.policy.match;

import egress.policy.i18n.Message;
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
    private NearestMiss() {}

    /** Kinds of miss, the closest first. */
    private enum Kind {
        ROUTE,
        IGNORED,
        PROTOCOL,
        HOST,
        PORT,
        ADDRESS,
        SOURCE,
        DISABLED
    }

    private record Miss(Kind kind, int order, Message text) {}

    static Message find(CompiledPolicySet set, EgressRequest r) {
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
            boolean hostOk = !hostBased
                    || (lower.equals("https") && e.hosts().isEmpty())
                    || (host != null && e.hosts().stream().anyMatch(h -> h.equalsIgnoreCase(host)));
            boolean ipOk = hostBased && lower.equals("http") || p.containsIp(r);
            boolean portOk = port.number() == r.port();
            Miss m = null;
            String where = host != null ? host : r.ipText();
            if (portOk && hostOk && ipOk && sourceOk) {
                if (p.ignoredBecause != null) {
                    m = new Miss(
                            Kind.IGNORED,
                            p.order,
                            Message.of("miss.ignored", p.ref, where, port.number(), p.ignoredBecause));
                } else if (!set.meshConfig().enableEgressPolicy()) {
                    m = new Miss(Kind.DISABLED, p.order, Message.of("miss.disabled", p.ref, where, port.number()));
                } else if (PolicyCompiler.protocol(proto, set.engine()) == null) {
                    m = new Miss(
                            Kind.PROTOCOL,
                            p.order,
                            proto.equals(lower)
                                    ? Message.of(
                                            "miss.protocol-unknown",
                                            p.ref,
                                            port.number(),
                                            proto,
                                            set.engine().id())
                                    : Message.of(
                                            "miss.protocol-case",
                                            p.ref,
                                            port.number(),
                                            proto,
                                            set.engine().id(),
                                            lower));
                } else if (lower.equals("http") && r.protocol() == AppProtocol.HTTP && p.routes != null) {
                    m = new Miss(
                            Kind.ROUTE,
                            p.order,
                            Message.of(
                                    "miss.route",
                                    p.ref,
                                    where,
                                    port.number(),
                                    describeRoutes(p),
                                    r.method(),
                                    r.target()));
                } else if (!protocolFits(lower, r)) {
                    m = new Miss(
                            Kind.PROTOCOL,
                            p.order,
                            Message.of(
                                    "miss.protocol-mismatch",
                                    p.ref,
                                    port.number(),
                                    lower,
                                    r.protocol().id()));
                }
            } else if (sourceOk && hostOk && ipOk && !portOk && p.ignoredBecause == null) {
                m = new Miss(Kind.PORT, p.order, Message.of("miss.port", where, port.number(), p.ref, r.port()));
            } else if (sourceOk && portOk && !hostOk && p.ignoredBecause == null) {
                m = new Miss(
                        Kind.HOST,
                        p.order,
                        Message.of(
                                "miss.host",
                                port.number(),
                                p.ref,
                                String.join(", ", e.hosts()),
                                host == null ? Message.of("what.no-name") : host));
            } else if (sourceOk && portOk && hostOk && p.ignoredBecause == null) {
                m = new Miss(
                        Kind.ADDRESS,
                        p.order,
                        Message.of(
                                "miss.address",
                                p.ref,
                                port.number(),
                                e.ipAddresses().toString(),
                                r.ipText()));
            } else if (!sourceOk && portOk && hostOk && ipOk) {
                m = new Miss(
                        Kind.SOURCE,
                        p.order,
                        Message.of("miss.source", p.ref, where, port.number(), sources(e), r.source()));
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

    private static Message describeRoutes(CompiledPolicy p) {
        if (p.routes.isEmpty()) {
            return Message.of(
                    "routes.missing",
                    p.egress.matches().stream()
                            .filter(Egress.Match::isRouteGroup)
                            .map(Egress.Match::name)
                            .collect(Collectors.joining(", ")));
        }
        List<Message> parts = new ArrayList<>();
        for (CompiledRoute route : p.routes) {
            parts.add(Message.of("routes.one", route.describe(), route.group.name(), route.matchName));
        }
        return Message.of("routes.list", parts);
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
