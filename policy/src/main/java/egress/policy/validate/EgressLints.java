package egress.policy.validate;

import egress.policy.match.GoCidr;
import egress.policy.model.Egress;
import egress.policy.model.Engine;
import egress.policy.model.Protocol;
import java.util.List;
import java.util.Locale;

/** Lints that look at one Egress on its own: protocols, hosts and ipAddresses. */
final class EgressLints {

    private EgressLints() {
    }

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
            warn(cx, e, Codes.PROTOCOL_UNKNOWN, path + ".protocol", "protocol \"" + p.protocol()
                    + "\" is not http, https, tcp or tcp-server-first: port " + p.number()
                    + " is silently ignored. Use one of those four");
            return;
        }
        if (!lower.equals(p.protocol())) {
            warn(cx, e, Codes.PROTOCOL_CASE, path + ".protocol", "protocol \"" + p.protocol()
                    + "\" is not lower case: osm (Envoy) builds nothing for port " + p.number() + ", pipy reads it as "
                    + lower + ". Write \"" + lower + "\"");
        }
        if (lower.equals("http") && !e.ipAddresses().isEmpty()) {
            warn(cx, e, Codes.IP_ON_HTTP, path, "ipAddresses are ignored on http port " + p.number()
                    + " by osm (Envoy): every destination IP is allowed for these hosts; pipy instead applies them to"
                    + " every http policy on that port. Restrict by IP with tcp or https, or remove them");
        }
        if (lower.equals("https") && e.hosts().isEmpty()) {
            warn(cx, e, Codes.HTTPS_NO_HOSTS, path, "https port " + p.number() + " has no hosts: osm (Envoy) allows"
                    + " every connection to port " + p.number() + " whatever the server name, pipy resets them."
                    + " List the hosts, or use tcp to open the port on purpose");
        }
        if (lower.equals("https") && !e.hosts().isEmpty()) {
            cx.warn(Engine.PIPY, Egress.KIND, e.ref(), Codes.PIPY_HTTPS_NO_SNI, path, "pipy does not compare the TLS"
                    + " server name with hosts: every connection to port " + p.number() + " goes to "
                    + String.join(" or ", e.hosts()) + ", whatever its server name and address; osm checks the server"
                    + " name and keeps the original destination. Use the osm engine (sidecarClass: envoy) if that matters");
        }
        if ((lower.equals("http") || lower.equals("https")) && !e.ipAddresses().isEmpty()) {
            cx.warn(Engine.PIPY, Egress.KIND, e.ref(), Codes.PIPY_IP_POOLED, path, "pipy pools the ipAddresses of every"
                    + " " + lower + " policy on port " + p.number() + ", so they restrict the others too, and may wrap"
                    + " the connection in mesh mTLS (osm-edge Q5). Prefer tcp for IP-based rules");
        }
    }

    private static void hosts(LintContext cx, Egress e) {
        for (String h : e.hosts()) {
            if (h.contains("*")) {
                warn(cx, e, Codes.WILDCARD_HOST, cx.valuePath(e, "spec.hosts", h), "host \"" + h + "\" contains '*',"
                        + " which Egress does not define: osm (Envoy) treats it as a wildcard but cannot resolve it for"
                        + " http (503), pipy compares it literally. List each host by name");
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
                warn(cx, e, Codes.CIDR_INVALID, cx.valuePath(e, "spec.ipAddresses", ip), "\"" + ip + "\" is not a valid"
                        + " CIDR (" + rejected + "): it passes the CRD's loose pattern but Go's net.ParseCIDR rejects it,"
                        + " so it is silently dropped. Write a.b.c.d/n with octets 0-255 and n 0-32");
            } else if (GoCidr.parse(ip).ipv4Range() == null && GoCidr.writtenAsIpv4Mapped(ip)) {
                warn(cx, e, Codes.CIDR_NO_IPV4, cx.valuePath(e, "spec.ipAddresses", ip), "\"" + ip + "\" is the IPv6"
                        + " range " + GoCidr.parse(ip).ipv6Range() + ", which holds no IPv4 address: only IPv6"
                        + " destinations match this entry. For IPv4 write a.b.c.d/n");
            }
        }
        if (!ips.isEmpty() && invalid == ips.size()) {
            warn(cx, e, Codes.CIDRS_ALL_INVALID, "spec.ipAddresses", "no ipAddresses entry is a valid CIDR: all are"
                    + " dropped and the rule matches every destination IP. Fix them or remove ipAddresses");
        }
    }

    private static void warn(LintContext cx, Egress e, String code, String path, String message) {
        cx.warn(Egress.KIND, e.ref(), code, path, message);
    }
}
