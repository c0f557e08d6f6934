package egress.simulator.diff;

import com.google.re2j.Pattern;
import egress.policy.match.AppProtocol;
import egress.policy.match.Cidr;
import egress.policy.match.CompiledPolicySet;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.match.GoCidr;
import egress.policy.match.Ipv4;
import egress.policy.match.PolicyRegex;
import egress.policy.model.Egress;
import egress.policy.model.Engine;
import egress.policy.model.HttpRouteGroup;
import egress.policy.model.Identity;
import egress.policy.model.ObjectRef;
import egress.policy.model.PolicySet;
import egress.simulator.curl.CurlLine;
import egress.simulator.mesh.Dns;
import egress.simulator.mesh.SimulatedMesh;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What two policy sets decide differently, found without traffic: for every client identity, candidate
 * requests are drawn from both sets (each host, server name and range boundary on each port, a path for
 * each route match, and a host, path, address and port that neither names), and each is decided by the
 * real compiled matcher under both. Every candidate decided differently is a witness; one is kept per
 * destination and route. Identities whose policies say the same in both sets (names and order aside)
 * are skipped, so a small edit to a large set costs little.
 */
public final class SemanticDiff {
    static final String UNLISTED_HOST = "unlisted.egress-diff.example";
    static final String UNLISTED_PATH = "/egress-diff-unlisted";
    static final int UNLISTED_IP = Ipv4.parse("192.0.2.123");
    private final SimulatedMesh before;
    private final SimulatedMesh after;
    private final Engine engine;
    private final Dns dns = new Dns();

    /** The two sides, as simulated meshes over the same engine. */
    public SemanticDiff(SimulatedMesh before, SimulatedMesh after) {
        this.before = before;
        this.after = after;
        this.engine = before.engine();
    }

    public List<Change> changes() {
        PolicySet b = PolicySet.of(before.objects());
        PolicySet a = PolicySet.of(after.objects());
        CompiledPolicySet cb = before.compiled();
        CompiledPolicySet ca = after.compiled();
        Map<Identity, List<Egress>> byClientB = byClient(b);
        Map<Identity, List<Egress>> byClientA = byClient(a);
        Set<Identity> clients = new TreeSet<>((x, y) -> x.toString().compareTo(y.toString()));
        clients.addAll(byClientB.keySet());
        clients.addAll(byClientA.keySet());
        boolean sameMesh = Objects.equals(cb.meshConfig(), ca.meshConfig())
                && b.services().equals(a.services())
                && b.namespaces().equals(a.namespaces())
                && b.upstreamTrafficSettings().equals(a.upstreamTrafficSettings());
        Map<ObjectRef, HttpRouteGroup> groupsB = b.routeGroupsByRef();
        Map<ObjectRef, HttpRouteGroup> groupsA = a.routeGroupsByRef();
        List<Change> out = new ArrayList<>();
        for (Identity id : clients) {
            List<Egress> eb = byClientB.getOrDefault(id, List.of());
            List<Egress> ea = byClientA.getOrDefault(id, List.of());
            if (sameMesh && canonical(eb, groupsB).equals(canonical(ea, groupsA))) {
                continue;
            }
            Candidates c = new Candidates(id);
            c.add(eb, groupsB);
            c.add(ea, groupsA);
            Map<String, Change> found = new LinkedHashMap<>();
            for (Candidate cand : c.all()) {
                Decision db = cb.decide(cand.request);
                Decision da = ca.decide(cand.request);
                if (db.verdict() != da.verdict()) {
                    String key = cand.request.protocol() + " " + cand.request.port() + " " + cand.destination + " "
                            + cand.route;
                    found.putIfAbsent(
                            key,
                            new Change(
                                    id,
                                    cand.request.protocol().id(),
                                    cand.request.port(),
                                    cand.destination,
                                    cand.route,
                                    db.verdict(),
                                    da.verdict(),
                                    name(db.policy()),
                                    name(da.policy()),
                                    witness(cand.request)));
                }
            }
            out.addAll(found.values());
        }
        return out;
    }

    private static String name(ObjectRef ref) {
        return ref == null ? null : ref.toString();
    }

    private static Map<Identity, List<Egress>> byClient(PolicySet set) {
        Map<ObjectRef, Egress> latest = new TreeMap<>();
        set.egresses().forEach(e -> latest.put(e.ref(), e));
        Map<Identity, List<Egress>> out = new HashMap<>();
        for (Egress e : latest.values()) {
            for (Egress.Source s : e.sources()) {
                if ("ServiceAccount".equals(s.kind()) && s.name() != null && s.namespace() != null) {
                    List<Egress> l = out.computeIfAbsent(new Identity(s.namespace(), s.name()), k -> new ArrayList<>());
                    if (!l.contains(e)) {
                        l.add(e);
                    }
                }
            }
        }
        return out;
    }

    /** What a client's policies say, without their names or order: equal texts decide alike. */
    private static List<String> canonical(List<Egress> egresses, Map<ObjectRef, HttpRouteGroup> groups) {
        List<String> out = new ArrayList<>();
        for (Egress e : egresses) {
            StringBuilder s = new StringBuilder();
            s.append(e.ref().namespace())
                    .append('|')
                    .append(e.hasSpec())
                    .append('|')
                    .append(new TreeSet<>(e.hosts()))
                    .append('|')
                    .append(new TreeSet<>(e.ipAddresses()))
                    .append('|')
                    .append(e.ports())
                    .append('|');
            for (Egress.Match m : e.matches()) {
                HttpRouteGroup g =
                        m.isRouteGroup() ? groups.get(new ObjectRef(e.ref().namespace(), m.name())) : null;
                s.append(m.apiGroup())
                        .append('/')
                        .append(m.kind())
                        .append('=')
                        .append(
                                g == null
                                        ? (m.isRouteGroup() ? "missing" : m.name())
                                        : g.matches() + "/" + g.decodable())
                        .append(';');
            }
            s.append('|')
                    .append(e.sources().stream()
                            .map(x -> x.kind() + "/" + x.namespace() + "/" + x.name() + "/" + x.mtls())
                            .sorted()
                            .toList());
            out.add(s.toString());
        }
        out.sort(null);
        return out;
    }

    /** A request to try, with what it stands for. */
    private record Candidate(EgressRequest request, String destination, String route) {}

    /** The requests worth trying for one client: drawn from both sides' policies for it. */
    private final class Candidates {
        private final Identity id;
        /** port -> protocols declared on it (either side) */
        private final Map<Integer, Set<String>> protocols = new TreeMap<>();
        /** port -> host -> route samples (path, methods, headers, label) */
        private final Map<Integer, Map<String, Set<Route>>> hosts = new TreeMap<>();

        private final Map<Integer, Set<Integer>> ips = new TreeMap<>();

        Candidates(Identity id) {
            this.id = id;
        }

        void add(List<Egress> egresses, Map<ObjectRef, HttpRouteGroup> groups) {
            for (Egress e : egresses) {
                Set<Route> routes = new LinkedHashSet<>();
                for (Egress.Match m : e.matches()) {
                    HttpRouteGroup g =
                            m.isRouteGroup() ? groups.get(new ObjectRef(e.ref().namespace(), m.name())) : null;
                    if (g != null) {
                        g.matches().forEach(rm -> routes.addAll(Route.of(rm, engine)));
                    }
                }
                for (Egress.Port p : e.ports()) {
                    if (p.number() < 1 || p.number() > 65535) {
                        continue;
                    }
                    protocols
                            .computeIfAbsent(p.number(), k -> new TreeSet<>())
                            .add(p.protocol() == null ? "" : p.protocol().toLowerCase(Locale.ROOT));
                    Map<String, Set<Route>> onPort = hosts.computeIfAbsent(p.number(), k -> new TreeMap<>());
                    for (String h : e.hosts()) {
                        for (String name : names(h)) {
                            onPort.computeIfAbsent(name, k -> new LinkedHashSet<>())
                                    .addAll(routes);
                        }
                    }
                    onPort.computeIfAbsent(UNLISTED_HOST, k -> new LinkedHashSet<>());
                    Set<Integer> addresses = ips.computeIfAbsent(p.number(), k -> new TreeSet<>());
                    for (String text : e.ipAddresses()) {
                        GoCidr g = GoCidr.tryParse(text);
                        Cidr c = g == null ? null : g.ipv4Range();
                        if (c != null) {
                            int last = c.network() | ~Cidr.mask(c.prefix());
                            addresses.add(c.network());
                            addresses.add(last);
                            addresses.add(c.network() - 1);
                            addresses.add(last + 1);
                        }
                    }
                }
            }
        }

        List<Candidate> all() {
            List<Candidate> out = new ArrayList<>();
            int unlistedPort = 1;
            while (protocols.containsKey(unlistedPort)) {
                unlistedPort++;
            }
            protocols.putIfAbsent(unlistedPort, Set.of("http", "https", "tcp"));
            hosts.computeIfAbsent(unlistedPort, k -> new TreeMap<>())
                    .computeIfAbsent(UNLISTED_HOST, k -> new LinkedHashSet<>());
            for (Map.Entry<Integer, Set<String>> e : protocols.entrySet()) {
                int port = e.getKey();
                Map<String, Set<Route>> onPort = hosts.getOrDefault(port, Map.of());
                Set<Integer> addresses = new TreeSet<>(ips.getOrDefault(port, Set.of()));
                addresses.add(UNLISTED_IP);
                // every protocol is tried on every port: a client may send anything anywhere
                for (Map.Entry<String, Set<Route>> h : onPort.entrySet()) {
                    http(out, port, h.getKey(), h.getValue(), dnsIp(h.getKey()));
                    tls(out, port, h.getKey(), dnsIp(h.getKey()));
                }
                for (int ip : addresses) {
                    String literal = Ipv4.format(ip);
                    http(out, port, literal, Set.of(), ip);
                    tls(out, port, null, ip);
                    out.add(new Candidate(EgressRequest.tcp(id, ip, port, false), literal, "-"));
                    out.add(new Candidate(EgressRequest.tcp(id, ip, port, true), literal, "server first"));
                }
                for (String h : onPort.keySet()) {
                    int ip = dnsIp(h);
                    out.add(new Candidate(EgressRequest.tcp(id, ip, port, false).withHost(h), h, "-"));
                }
            }
            return out;
        }

        private void http(List<Candidate> out, int port, String host, Set<Route> routes, int ip) {
            String authority = port == 80 ? host : host + ":" + port;
            Set<Route> tried = new LinkedHashSet<>(routes);
            tried.add(new Route("/", "GET", Map.of(), "any path (/)"));
            tried.add(new Route(UNLISTED_PATH, "GET", Map.of(), "a path no route names"));
            for (Route r : tried) {
                Map<String, String> headers = new HashMap<>(r.headers());
                headers.put("host", authority);
                out.add(new Candidate(
                        EgressRequest.http(id, ip, port, authority, r.method(), r.path(), headers), host, r.label()));
            }
        }

        private void tls(List<Candidate> out, int port, String sni, int ip) {
            out.add(new Candidate(
                    new EgressRequest(id, AppProtocol.TLS, ip, port, sni, null, null, null, Map.of(), sni, false),
                    sni == null ? Ipv4.format(ip) + " (no server name)" : sni,
                    "-"));
        }

        private int dnsIp(String host) {
            return (int) dns.resolve(host);
        }
    }

    /** A wildcard host is tried as one name under it and as the bare domain. */
    private static List<String> names(String host) {
        if (host == null || host.isEmpty()) {
            return List.of();
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("*.")) {
            return List.of("w" + h.substring(1), h.substring(2));
        }
        return h.contains("*") ? List.of() : List.of(h);
    }

    /** One path (and method and headers) to try, and the route match it stands for. */
    record Route(String path, String method, Map<String, String> headers, String label) {
        static List<Route> of(HttpRouteGroup.RouteMatch m, Engine engine) {
            String regex = m.pathRegex() == null || m.pathRegex().isEmpty() ? ".*" : m.pathRegex();
            List<String> methods = m.methods().isEmpty() || m.methods().contains("*") ? List.of("GET") : m.methods();
            Map<String, String> headers = new HashMap<>();
            for (Map.Entry<String, String> h : m.headers().entrySet()) {
                List<String> v = RegexSample.of(h.getValue());
                headers.put(h.getKey().toLowerCase(Locale.ROOT), v.isEmpty() ? "x" : v.get(0));
            }
            String label =
                    String.join(",", methods) + " " + regex + (m.headers().isEmpty() ? "" : " " + m.headers());
            List<Route> out = new ArrayList<>();
            Pattern p;
            try {
                p = PolicyRegex.compile(regex);
            } catch (RuntimeException e) {
                return out;
            }
            for (String sample : RegexSample.of(regex)) {
                String path = sample.startsWith("/") ? sample : "/" + sample;
                boolean ok =
                        engine == Engine.OSM ? p.matches(path) : p.matcher(path).find();
                if (!ok) {
                    continue;
                }
                for (String method : methods) {
                    out.add(new Route(path, method, headers, label));
                    if (!headers.isEmpty()) {
                        out.add(new Route(path, method, Map.of(), label + " without its headers"));
                    }
                }
            }
            return out;
        }
    }

    /** A curl line for http and https, {@code tcp IP:PORT} for tcp: what a person runs to see it. */
    static String witness(EgressRequest r) {
        return CurlLine.of(r);
    }
}
