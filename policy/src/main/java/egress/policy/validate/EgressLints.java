package egress.policy.validate;

import egress.policy.i18n.Message;
import egress.policy.match.GoCidr;
import egress.policy.model.Egress;
import egress.policy.model.Engine;
import egress.policy.model.Protocol;
import java.util.List;
import java.util.Locale;

/** Lints that look at one Egress on its own: protocols, hosts and ipAddresses. */
final class EgressLints {

    private EgressLints() {}

    static void lint(LintContext cx, Egress e) {
        for (Egress.Port p : e.ports()) {
            protocol(cx, e, p);
        }
        hosts(cx, e);
        ipAddresses(cx, e);
    }

    private static void protocol(LintContext cx, Egress e, Egress.Port p) {
        String path = cx.portPath(e, p);
        String lower = p.protocol().toLowerCase(Locale.ROOT);
        if (Protocol.of(lower) == null) {
            warn(cx, e, path + ".protocol", Message.of(Codes.PROTOCOL_UNKNOWN, p.protocol(), p.number()));
            return;
        }
        if (!lower.equals(p.protocol())) {
            warn(cx, e, path + ".protocol", Message.of(Codes.PROTOCOL_CASE, p.protocol(), p.number(), lower));
        }
        if (lower.equals("http") && !e.ipAddresses().isEmpty()) {
            warn(cx, e, path, Message.of(Codes.IP_ON_HTTP, p.number()));
        }
        if (lower.equals("https") && e.hosts().isEmpty()) {
            warn(cx, e, path, Message.of(Codes.HTTPS_NO_HOSTS, p.number()));
        }
        if (lower.equals("https") && !e.hosts().isEmpty()) {
            cx.warn(
                    Engine.PIPY,
                    Egress.KIND,
                    e.ref(),
                    path,
                    Message.of(Codes.PIPY_HTTPS_NO_SNI, p.number(), String.join(" or ", e.hosts())));
        }
        if ((lower.equals("http") || lower.equals("https")) && !e.ipAddresses().isEmpty()) {
            cx.warn(Engine.PIPY, Egress.KIND, e.ref(), path, Message.of(Codes.PIPY_IP_POOLED, lower, p.number()));
        }
    }

    private static void hosts(LintContext cx, Egress e) {
        for (String h : e.hosts()) {
            if (h.contains("*")) {
                warn(cx, e, cx.valuePath(e, "spec.hosts", h), Message.of(Codes.WILDCARD_HOST, h));
            }
        }
    }

    private static void ipAddresses(LintContext cx, Egress e) {
        List<String> ips = e.ipAddresses();
        int invalid = 0;
        for (String ip : ips) {
            String rejected = GoCidr.rejection(ip);
            if (rejected != null) {
                invalid++;
                warn(cx, e, cx.valuePath(e, "spec.ipAddresses", ip), Message.of(Codes.CIDR_INVALID, ip, rejected));
            } else if (GoCidr.parse(ip).ipv4Range() == null && GoCidr.writtenAsIpv4Mapped(ip)) {
                warn(
                        cx,
                        e,
                        cx.valuePath(e, "spec.ipAddresses", ip),
                        Message.of(
                                Codes.CIDR_NO_IPV4,
                                ip,
                                GoCidr.parse(ip).ipv6Range().toString()));
            }
        }
        if (!ips.isEmpty() && invalid == ips.size()) {
            warn(cx, e, "spec.ipAddresses", Message.of(Codes.CIDRS_ALL_INVALID));
        }
    }

    private static void warn(LintContext cx, Egress e, String path, Message message) {
        cx.warn(Egress.KIND, e.ref(), path, message);
    }
}
