package egress.policy.match;

import egress.policy.model.Egress;
import egress.policy.model.Engine;
import egress.policy.model.HttpRouteGroup;
import egress.policy.model.Identity;
import egress.policy.model.MeshConfig;
import egress.policy.model.ObjectRef;
import egress.policy.model.PolicySet;
import egress.policy.model.UpstreamTrafficSetting;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A plain reference evaluator of the egress semantics, written straight from
 * {@code /work/shared/spec/egress-semantics.md} (cited as "spec §x") and the contract decisions listed in
 * the task brief (cited as "contract"), without looking at the compiled matcher. It rebuilds nothing
 * ahead of time: every request walks over every policy with simple loops, so that it is easy to check
 * by reading. It is slow on purpose; only tests use it.
 */
final class ReferenceEvaluator {

    /** Product decision "pipy": the seven methods that a wildcard means (spec §3.3 H3, Clarifications). */
    static final Set<String> PIPY_WILDCARD_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private static final String HTTP = "http";
    private static final String HTTPS = "https";
    private static final String TCP = "tcp";
    private static final String TCP_SERVER_FIRST = "tcp-server-first";

    private final PolicySet set;
    private final MeshConfig mesh;
    private final Engine engine;
    private final MeshScope scope;

    ReferenceEvaluator(PolicySet set, MeshConfig mesh, Engine engine, MeshScope scope) {
        this.set = set;
        this.mesh = mesh;
        this.engine = engine;
        this.scope = scope;
    }

    /** One port entry of one selected policy that compiled into a rule, with its policy's IP ranges. */
    private record Rule(Egress policy, int portIndex, int port, String protocol, List<GoCidr> cidrs, boolean ranged) {
        ObjectRef ref() {
            return policy.ref();
        }

        /** Contract: no valid CIDR (none given, or every one invalid) matches every IP. */
        boolean ipAdmits(EgressRequest r) {
            return !ranged() || rangeContains(r);
        }

        /** The policy has a valid range that contains the IP: a more specific match (contract). */
        boolean rangeContains(EgressRequest r) {
            for (GoCidr c : cidrs) {
                if (goContains(c, r)) {
                    return true;
                }
            }
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Entry point

    Decision decide(EgressRequest r) {
        // spec §1.3 + contract: traffic excluded from interception never reaches the sidecar; it goes direct.
        if (excluded(r)) {
            return allow(null, Upstream.ORIGINAL_DESTINATION, Signal.FORWARDED, "excluded from interception");
        }
        List<Rule> rules = rulesFor(r.source());
        // Clarification "Refused vs closed" + product decision 8 + spec §3.7 row 1: no listener at all.
        boolean listener = !rules.isEmpty() || scope.hasMeshUpstreams(r.source()) || mesh.enableEgress();
        if (!listener) {
            return deny(Signal.CONNECTION_REFUSED, null, "no outbound listener");
        }
        List<Rule> onPort = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule.port() == r.port()) {
                onPort.add(rule);
            }
        }
        Decision d = engine == Engine.OSM ? osm(r, onPort) : pipy(r, onPort);
        return d != null ? d : nothingMatched();
    }

    /** Contract / spec §3.7 row 2 / §4: an existing listener where nothing matched. */
    private Decision nothingMatched() {
        if (mesh.enableEgress()) {
            return allow(null, Upstream.ORIGINAL_DESTINATION, Signal.FORWARDED, "global egress passthrough");
        }
        return deny(Signal.CONNECTION_CLOSED, null, "nothing matched");
    }

    private boolean excluded(EgressRequest r) {
        if (mesh.outboundPortExclusionList().contains(r.port())) {
            return true;
        }
        for (String s : mesh.outboundIPRangeExclusionList()) {
            GoCidr c = GoCidr.tryParse(s);
            if (c != null && goContains(c, r)) {
                return true;
            }
        }
        // Product decision: an inclusion list speaks only for the families it has ranges of.
        boolean sameFamily = false;
        for (String s : mesh.outboundIPRangeInclusionList()) {
            GoCidr c = GoCidr.tryParse(s);
            if (c != null && goNetwork(c).length == goAddress(r).length) {
                sameFamily = true;
                if (goContains(c, r)) {
                    return false;
                }
            }
        }
        return sameFamily;
    }

    // ------------------------------------------------------------------------------------------------
    // Policy selection (spec §3.1, §2.C R1, R3, R5) and rule building

    /** The policies that apply to a client, in policy order (namespace, then name). */
    List<Egress> policiesFor(Identity client) {
        List<Egress> out = new ArrayList<>();
        if (!mesh.enableEgressPolicy()) {
            return out; // R5, §4 (osm-edge column): every Egress ignored
        }
        for (Egress e : set.egresses()) {
            if (!scope.monitors(e.ref().namespace())) {
                continue; // §3.1.1: only Egress objects in monitored namespaces
            }
            boolean selected = false;
            for (Egress.Source s : e.sources()) {
                if ("ServiceAccount".equals(s.kind())
                        && client.name().equals(s.name())
                        && client.namespace().equals(s.namespace())) {
                    selected = true; // §3.1.2: exact match on kind, name, namespace
                }
            }
            if (!selected) {
                continue;
            }
            if (missingUpstreamTrafficSetting(e)) {
                continue; // R1: the whole Egress is ignored
            }
            // a later object with the same namespace/name replaces an earlier one (kubectl apply)
            out.removeIf(x -> x.ref().equals(e.ref()));
            out.add(e);
        }
        out.sort(Comparator.comparing(Egress::ref));
        return out;
    }

    private boolean missingUpstreamTrafficSetting(Egress e) {
        for (Egress.Match m : e.matches()) {
            if (m.isUpstreamTrafficSetting()) {
                boolean found = false;
                for (UpstreamTrafficSetting u : set.upstreamTrafficSettings()) {
                    if (u.ref().equals(new ObjectRef(e.ref().namespace(), m.name()))) {
                        found = true;
                    }
                }
                if (!found) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every port entry of the client's policies that builds a rule under this engine. */
    private List<Rule> rulesFor(Identity client) {
        List<Rule> rules = new ArrayList<>();
        for (Egress e : policiesFor(client)) {
            List<GoCidr> cidrs = new ArrayList<>();
            for (String s : e.ipAddresses()) {
                // R4: what Go's net.ParseCIDR rejects is dropped; the rest decide as Go's IPNet.Contains does
                GoCidr c = GoCidr.tryParse(s);
                if (c != null) {
                    cidrs.add(c);
                }
            }
            boolean ranged = !cidrs.isEmpty();
            for (int i = 0; i < e.ports().size(); i++) {
                Egress.Port p = e.ports().get(i);
                String protocol = protocolOf(p.protocol());
                if (protocol != null) {
                    rules.add(new Rule(e, i, p.number(), protocol, cidrs, ranged));
                }
            }
        }
        return rules;
    }

    /**
     * R3, §7 Q11 and the contract: osm builds only the four protocols written exactly in lower case;
     * pipy lower-cases first and treats tcp-server-first as tcp (§3.5). Null: the entry builds nothing.
     */
    private String protocolOf(String written) {
        if (written == null) {
            return null;
        }
        String p = engine == Engine.OSM ? written : written.toLowerCase(Locale.ROOT);
        if (!p.equals(HTTP) && !p.equals(HTTPS) && !p.equals(TCP) && !p.equals(TCP_SERVER_FIRST)) {
            return null;
        }
        if (engine == Engine.PIPY && p.equals(TCP_SERVER_FIRST)) {
            return TCP;
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------------
    // osm: the Envoy column (product decisions 1-8)

    private Decision osm(EgressRequest r, List<Rule> onPort) {
        boolean serverFirstPort = false;
        for (Rule rule : onPort) {
            if (rule.protocol().equals(TCP_SERVER_FIRST)) {
                serverFirstPort = true;
            }
        }
        if (serverFirstPort) {
            // Product decision 4, §3.5: nothing is sniffed on that port, http/https rules are ignored;
            // tcp and tcp-server-first rules are a union (product decision 7).
            List<Rule> candidates = new ArrayList<>();
            for (Rule rule : onPort) {
                if ((rule.protocol().equals(TCP) || rule.protocol().equals(TCP_SERVER_FIRST)) && rule.ipAdmits(r)) {
                    candidates.add(rule);
                }
            }
            return osmOpaque(r, candidates, false);
        }
        if (r.protocol() == AppProtocol.HTTP) {
            // Contract: a tcp rule or a host-less https rule whose IP range contains the destination is a more
            // specific Envoy chain than the HTTP chain.
            List<Rule> ranged = new ArrayList<>();
            for (Rule rule : onPort) {
                boolean opaque = rule.protocol().equals(TCP)
                        || (rule.protocol().equals(HTTPS)
                                && rule.policy().hosts().isEmpty());
                if (opaque && rule.ranged() && rule.rangeContains(r)) {
                    ranged.add(rule);
                }
            }
            if (!ranged.isEmpty()) {
                return osmOpaque(r, ranged, false);
            }
            List<Rule> http = new ArrayList<>();
            for (Rule rule : onPort) {
                if (rule.protocol().equals(HTTP)) {
                    http.add(rule);
                }
            }
            if (!http.isEmpty()) {
                return osmHttp(r, http); // §3.3 H1: HTTP-sniffed, goes to the HTTP chain, no fallback
            }
        }
        // TLS, opaque TCP, or HTTP on a port without an http rule (spec §3.4 Envoy, §3.5, contract).
        List<Rule> candidates = new ArrayList<>();
        for (Rule rule : onPort) {
            if (rule.protocol().equals(TCP) && rule.ipAdmits(r)) {
                candidates.add(rule);
            } else if (rule.protocol().equals(HTTPS) && rule.ipAdmits(r)) {
                if (rule.policy().hosts().isEmpty()) {
                    candidates.add(rule); // §3.4 Envoy 3: empty hosts, any traffic on the port
                } else if (r.protocol() == AppProtocol.TLS
                        && sniMatchesAny(r.sni(), rule.policy().hosts())) {
                    candidates.add(rule); // §3.4 Envoy 3, product decision 3
                }
            }
        }
        return osmOpaque(r, candidates, true);
    }

    /**
     * An opaque match allows to the original destination (§3.4 Envoy 4, §3.5). The named policy is the most
     * specific (server name or IP range) before port only, then the first by namespace/name (Clarifications).
     */
    private Decision osmOpaque(EgressRequest r, List<Rule> candidates, boolean sniCounts) {
        Rule best = null;
        boolean bestSpecific = false;
        for (Rule rule : candidates) {
            boolean specific = rule.rangeContains(r)
                    || (sniCounts
                            && rule.protocol().equals(HTTPS)
                            && r.protocol() == AppProtocol.TLS
                            && sniMatchesAny(r.sni(), rule.policy().hosts()));
            if (best == null
                    || (specific && !bestSpecific)
                    || (specific == bestSpecific && rule.ref().compareTo(best.ref()) < 0)) {
                best = rule;
                bestSpecific = specific;
            }
        }
        if (best == null) {
            return null;
        }
        return allow(best.ref(), Upstream.ORIGINAL_DESTINATION, Signal.FORWARDED, "opaque match");
    }

    /** Envoy server names: exact (case-insensitive), or a leading {@code *.} for one or more labels. */
    static boolean sniMatchesAny(String sni, List<String> hosts) {
        if (sni == null) {
            return false;
        }
        String s = sni.toLowerCase(Locale.ROOT);
        for (String h : hosts) {
            String host = h.toLowerCase(Locale.ROOT);
            if (s.equals(host)) {
                return true;
            }
            if (host.startsWith("*.")) {
                String suffix = host.substring(1); // ".example.com"
                if (s.length() > suffix.length() && s.endsWith(suffix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One virtual host entry: a (policy, host) of an http rule, with its domains {h, h:port} (spec §1.4, §3.3). */
    private record HostEntry(Rule rule, String host, List<String> domains) {}

    /** Envoy virtual-host choice: exact, then longest suffix wildcard, then prefix wildcard, then {@code *}. */
    private static long domainRank(String domain, String authority) {
        if (domain.equals("*")) {
            return 3L << 32;
        }
        if (domain.startsWith("*")) {
            String suffix = domain.substring(1);
            if (authority.length() > suffix.length() && authority.endsWith(suffix)) {
                return (1L << 32) + (1000 - suffix.length());
            }
            return -1;
        }
        if (domain.endsWith("*")) {
            String prefix = domain.substring(0, domain.length() - 1);
            if (authority.length() > prefix.length() && authority.startsWith(prefix)) {
                return (2L << 32) + (1000 - prefix.length());
            }
            return -1;
        }
        return domain.equals(authority) ? 0 : -1;
    }

    /** spec §3.3 H2-H5, Envoy column; product decisions 1, 2, 7. */
    private Decision osmHttp(EgressRequest r, List<Rule> httpRules) {
        List<HostEntry> entries = new ArrayList<>();
        for (Rule rule : httpRules) {
            for (String h : rule.policy().hosts()) {
                String lower = h.toLowerCase(Locale.ROOT);
                entries.add(new HostEntry(rule, h, List.of(lower, lower + ":" + rule.port())));
            }
        }
        String authority = r.authority() == null ? "" : r.authority().toLowerCase(Locale.ROOT);
        String chosen = null;
        long chosenRank = Long.MAX_VALUE;
        for (HostEntry e : entries) {
            for (String d : e.domains()) {
                long rank = domainRank(d, authority);
                if (rank >= 0 && rank < chosenRank) {
                    chosen = d;
                    chosenRank = rank;
                }
            }
        }
        if (chosen == null) {
            return deny(Signal.HTTP_404, null, "no virtual host"); // H5
        }
        // Product decision 7: the union of every policy's grant for that domain, in policy order.
        List<HostEntry> grants = new ArrayList<>();
        for (HostEntry e : entries) {
            if (e.domains().contains(chosen)) {
                grants.add(e);
            }
        }
        grants.sort(Comparator.comparing((HostEntry e) -> e.rule().ref()));
        for (HostEntry g : grants) {
            for (HttpRouteGroup.RouteMatch route : routesOf(g.rule().policy())) {
                if (osmRouteMatches(route, r)) {
                    return allow(
                            g.rule().ref(),
                            Upstream.policyHost(g.host(), g.rule().port()),
                            Signal.FORWARDED,
                            "http route"); // H4: to the policy host by DNS
                }
            }
        }
        return deny(Signal.HTTP_404, grants.get(0).rule().ref(), "no route"); // H5
    }

    /** spec §3.3 H3, Envoy: RE2 full match of the path without query; methods exact or any; headers full match. */
    private static boolean osmRouteMatches(HttpRouteGroup.RouteMatch route, EgressRequest r) {
        String regex = route.pathRegex() == null || route.pathRegex().isEmpty() ? ".*" : route.pathRegex();
        String path = r.path() == null ? "" : r.path();
        if (!com.google.re2j.Pattern.matches(regex, path)) {
            return false;
        }
        if (!route.methods().isEmpty()
                && !route.methods().contains("*")
                && !route.methods().contains(r.method())) {
            return false;
        }
        for (Map.Entry<String, String> h : route.headers().entrySet()) {
            String value = null;
            for (Map.Entry<String, String> q : r.headers().entrySet()) {
                if (q.getKey().equalsIgnoreCase(h.getKey())) {
                    value = q.getValue();
                }
            }
            if (value == null || !com.google.re2j.Pattern.matches(h.getValue(), value)) {
                return false;
            }
        }
        return true;
    }

    /**
     * spec §3.3 construction (a)/(b) and R2: a policy without HTTPRouteGroup matches has one wildcard route;
     * one with such matches has the routes of the groups that exist (same namespace, decodable), maybe none.
     */
    private List<HttpRouteGroup.RouteMatch> routesOf(Egress e) {
        boolean hasGroupMatch = false;
        List<HttpRouteGroup.RouteMatch> routes = new ArrayList<>();
        for (Egress.Match m : e.matches()) {
            if (!m.isRouteGroup()) {
                continue;
            }
            hasGroupMatch = true;
            HttpRouteGroup group = null;
            for (HttpRouteGroup g : set.routeGroups()) {
                if (g.ref().equals(new ObjectRef(e.ref().namespace(), m.name()))) {
                    group = g; // the last one written wins
                }
            }
            if (group != null && group.decodable()) {
                routes.addAll(group.matches());
            }
        }
        if (!hasGroupMatch) {
            routes.add(new HttpRouteGroup.RouteMatch(null, ".*", List.of(), Map.of()));
        }
        return routes;
    }

    // ------------------------------------------------------------------------------------------------
    // pipy: osm-edge's default data plane, the Pipy column of every table

    /** One pipy traffic match for a port: a protocol, its rules, and their pooled valid CIDRs (§3.3 H1, §3.6). */
    private record PipyMatch(String protocol, List<Rule> rules, List<GoCidr> pooled, boolean ranged) {}

    /**
     * Go's {@code IPNet.Contains} written out from its source: the network and mask through
     * {@code networkNumberAndMask} (an IPv4-mapped network is IPv4, its mask the last four bytes), the address
     * through {@code IP.To4}, and a length mismatch contains nothing.
     */
    static boolean goContains(GoCidr n, EgressRequest r) {
        byte[] nn = goNetwork(n);
        byte[] ip = goAddress(r);
        if (nn.length != ip.length) {
            return false;
        }
        byte[] mask = new byte[n.network().length];
        for (int i = 0; i < mask.length; i++) {
            int ones = Math.max(0, Math.min(8, n.prefix() - 8 * i));
            mask[i] = (byte) (0xff00 >> ones);
        }
        if (nn.length == 4 && mask.length == 16) {
            mask = java.util.Arrays.copyOfRange(mask, 12, 16);
        }
        for (int i = 0; i < nn.length; i++) {
            if ((nn[i] & mask[i]) != (ip[i] & mask[i])) {
                return false;
            }
        }
        return true;
    }

    private static byte[] goNetwork(GoCidr n) {
        return to4(n.network());
    }

    private static byte[] goAddress(EgressRequest r) {
        if (r.ipv6() == null) {
            int ip = r.ip();
            return new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip};
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (r.ipv6().hi() >>> (56 - 8 * i));
            b[8 + i] = (byte) (r.ipv6().lo() >>> (56 - 8 * i));
        }
        return to4(b);
    }

    /** Go's {@code IP.To4}: the last four bytes of an IPv4-mapped address, else the address as it is. */
    private static byte[] to4(byte[] ip) {
        if (ip.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (ip[i] != 0) {
                    return ip;
                }
            }
            if (ip[10] == (byte) 0xff && ip[11] == (byte) 0xff) {
                return java.util.Arrays.copyOfRange(ip, 12, 16);
            }
        }
        return ip;
    }

    private Decision pipy(EgressRequest r, List<Rule> onPort) {
        List<PipyMatch> matches = new ArrayList<>();
        for (String protocol : List.of(HTTP, HTTPS, TCP)) {
            List<Rule> rules = new ArrayList<>();
            List<GoCidr> pooled = new ArrayList<>();
            boolean ranged = false;
            for (Rule rule : onPort) {
                if (rule.protocol().equals(protocol)) {
                    rules.add(rule);
                    pooled.addAll(rule.cidrs());
                    ranged |= rule.ranged();
                }
            }
            if (!rules.isEmpty()) {
                matches.add(new PipyMatch(protocol, rules, pooled, ranged));
            }
        }
        // spec §3.2 / outbound-main.js: ranged matches are tried before unranged ones.
        List<PipyMatch> candidates = new ArrayList<>();
        for (PipyMatch m : matches) {
            for (GoCidr c : m.pooled()) {
                if (goContains(c, r)) {
                    candidates.add(m);
                    break;
                }
            }
        }
        if (candidates.isEmpty()) {
            for (PipyMatch m : matches) {
                if (!m.ranged()) {
                    candidates.add(m);
                }
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        if (candidates.size() == 1) {
            return pipyEvaluate(r, candidates.get(0));
        }
        // §3.6, §7 Q7 and the product decision on non-determinism: every order is tried.
        List<Decision> outcomes = new ArrayList<>();
        for (PipyMatch m : candidates) {
            outcomes.add(pipyEvaluate(r, m));
        }
        Verdict verdict = outcomes.get(0).verdict();
        Signal signal = outcomes.get(0).signal();
        for (Decision d : outcomes) {
            if (d.verdict() != verdict) {
                return new Decision(Verdict.UNDETERMINED, null, null, null, null, "non-deterministic", null);
            }
            if (d.signal() != signal) {
                signal = null;
            }
        }
        return new Decision(verdict, signal, null, null, null, "non-deterministic, same verdict", null);
    }

    private Decision pipyEvaluate(EgressRequest r, PipyMatch m) {
        return switch (m.protocol()) {
            case HTTP -> pipyHttp(r, m);
            case HTTPS -> pipyHttps(r, m);
            default -> pipyTcp(r, m);
        };
    }

    /** spec §3.3 Pipy column. */
    private Decision pipyHttp(EgressRequest r, PipyMatch m) {
        if (r.protocol() != AppProtocol.HTTP) {
            return deny(Signal.CONNECTION_CLOSED, null, "http match, not an HTTP client"); // contract
        }
        // H2 Pipy: exact, case-sensitive lookup of the whole Host header in {h, h:port}.
        List<HostEntry> found = new ArrayList<>();
        for (Rule rule : m.rules()) {
            for (String h : rule.policy().hosts()) {
                if (h.equals(r.authority()) || (h + ":" + rule.port()).equals(r.authority())) {
                    found.add(new HostEntry(rule, h, List.of()));
                }
            }
        }
        if (found.isEmpty()) {
            return deny(Signal.HTTP_403, null, "unknown host"); // H5 Pipy
        }
        found.sort(Comparator.comparing((HostEntry e) -> e.rule().ref()));
        // §3.6 row 2 Pipy: the host's route lists are merged (union).
        for (HostEntry e : found) {
            for (HttpRouteGroup.RouteMatch route : routesOf(e.rule().policy())) {
                if (pipyRouteMatches(route, r)) {
                    return allow(
                            e.rule().ref(),
                            Upstream.policyHost(e.host(), e.rule().port()),
                            Signal.FORWARDED,
                            "http route");
                }
            }
        }
        return deny(Signal.HTTP_403, found.get(0).rule().ref(), "no route");
    }

    /** spec §3.3 H3, Pipy: unanchored regex on path+query; seven wildcard methods; headers unanchored, "" if absent. */
    private static boolean pipyRouteMatches(HttpRouteGroup.RouteMatch route, EgressRequest r) {
        String regex = route.pathRegex() == null || route.pathRegex().isEmpty() ? ".*" : route.pathRegex();
        String target = r.target() == null ? "" : r.target();
        if (!java.util.regex.Pattern.compile(regex).matcher(target).find()) {
            return false;
        }
        boolean wildcard = route.methods().isEmpty() || route.methods().contains("*");
        boolean methodOk =
                route.methods().contains(r.method()) || (wildcard && PIPY_WILDCARD_METHODS.contains(r.method()));
        if (!methodOk) {
            return false;
        }
        for (Map.Entry<String, String> h : route.headers().entrySet()) {
            String value = r.headers().get(h.getKey()); // names as written, in a lower-cased map
            if (value == null) {
                value = "";
            }
            if (!java.util.regex.Pattern.compile(h.getValue()).matcher(value).find()) {
                return false;
            }
        }
        return true;
    }

    /** spec §3.4 Pipy: forwarded to a policy host, without looking at the server name. */
    private Decision pipyHttps(EgressRequest r, PipyMatch m) {
        List<String> hosts = new ArrayList<>();
        List<ObjectRef> owners = new ArrayList<>();
        List<Rule> sorted = new ArrayList<>(m.rules());
        sorted.sort(Comparator.comparing(Rule::ref));
        for (Rule rule : sorted) {
            for (String h : rule.policy().hosts()) {
                boolean seen = false;
                for (String k : hosts) {
                    if (k.equalsIgnoreCase(h)) {
                        seen = true;
                    }
                }
                if (!seen) {
                    hosts.add(h);
                    owners.add(rule.ref());
                }
            }
        }
        if (hosts.isEmpty()) {
            // §3.4 Pipy 3, §3.7 row 4
            if (mesh.enableEgress()) {
                return allow(null, Upstream.ORIGINAL_DESTINATION, Signal.FORWARDED, "https without hosts, passthrough");
            }
            // the spec names no policy for a refusal; like an HTTP route refusal, the guarding policy is named:
            // the first https policy on the port in policy order
            return deny(Signal.CONNECTION_RESET, sorted.get(0).ref(), "https without hosts");
        }
        boolean sniInHosts = false;
        for (String h : hosts) {
            if (r.sni() != null && r.sni().equalsIgnoreCase(h)) {
                sniInHosts = true;
            }
        }
        if (hosts.size() == 1) {
            return allow(
                    owners.get(0),
                    Upstream.policyHost(hosts.get(0), r.port()),
                    sniInHosts ? Signal.FORWARDED : Signal.FORWARDED_TO_POLICY_HOST,
                    "https to the policy host");
        }
        // round-robin over several hosts: which one is not known
        return new Decision(
                Verdict.ALLOW,
                sniInHosts ? null : Signal.FORWARDED_TO_POLICY_HOST,
                null,
                null,
                null,
                "https round-robin over policy hosts",
                null);
    }

    /** spec §3.5 Pipy: allowed to the original destination. */
    private Decision pipyTcp(EgressRequest r, PipyMatch m) {
        List<Rule> sorted = new ArrayList<>(m.rules());
        sorted.sort(Comparator.comparing(Rule::ref));
        Rule named = null;
        for (Rule rule : sorted) {
            if (named == null && rule.rangeContains(r)) {
                named = rule;
            }
        }
        for (Rule rule : sorted) {
            if (named == null && !rule.ranged()) {
                named = rule;
            }
        }
        return allow(named == null ? null : named.ref(), Upstream.ORIGINAL_DESTINATION, Signal.FORWARDED, "tcp");
    }

    // ------------------------------------------------------------------------------------------------

    private static Decision allow(ObjectRef policy, Upstream upstream, Signal signal, String reason) {
        return new Decision(Verdict.ALLOW, signal, policy, null, upstream, "reference: " + reason, null);
    }

    private static Decision deny(Signal signal, ObjectRef policy, String reason) {
        return new Decision(Verdict.DENY, signal, policy, null, null, "reference: " + reason, null);
    }
}
