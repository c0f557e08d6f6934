package egress.policy.match;

import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.MeshConfig;
import egress.policy.model.PolicySet;
import egress.policy.yaml.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Small random worlds (policies, route groups, mesh configuration, requests) and the manifests they stand for. */
final class Worlds {
    private Worlds() {
    }

    static final List<Identity> ACCOUNTS = List.of(new Identity("a", "curl"), new Identity("a", "web"),
            new Identity("b", "curl"));

    // --- what a world is made of ----------------------------------------------------------------------

    record PortSpec(int number, String protocol) {
        @Override
        public String toString() {
            return number + "/" + protocol;
        }
    }

    /** A reference from {@code spec.matches}: an HTTPRouteGroup (routeGroup) or an UpstreamTrafficSetting. */
    record MatchSpec(boolean routeGroup, String name) {
        @Override
        public String toString() {
            return (routeGroup ? "HTTPRouteGroup " : "UpstreamTrafficSetting ") + name;
        }
    }

    record EgressSpec(String namespace, String name, List<Identity> sources, List<String> hosts,
                      List<String> ipAddresses, List<PortSpec> ports, List<MatchSpec> matches) {
        @Override
        public String toString() {
            return "Egress " + namespace + "/" + name + " sources=" + sources + " hosts=" + hosts + " ips=" + ipAddresses
                    + " ports=" + ports + " matches=" + matches;
        }
    }

    record RouteSpec(String name, String pathRegex, List<String> methods, Map<String, String> headers) {
        @Override
        public String toString() {
            return "{path=" + pathRegex + " methods=" + methods + " headers=" + headers + "}";
        }
    }

    record GroupSpec(String namespace, String name, List<RouteSpec> routes, boolean undecodable) {
        @Override
        public String toString() {
            return "HTTPRouteGroup " + namespace + "/" + name + (undecodable ? " (undecodable)" : "") + " " + routes;
        }
    }

    record World(List<EgressSpec> egresses, List<GroupSpec> groups, List<String> settings, MeshConfig mesh,
                 Set<String> monitored, Identity meshUpstreamClient, List<EgressRequest> requests) {

        List<Manifest> manifests() {
            List<Manifest> out = new ArrayList<>();
            egresses.forEach(e -> out.add(egress(e)));
            groups.forEach(g -> out.add(routeGroup(g)));
            for (String s : settings) {
                String[] nsName = s.split("/");
                out.add(upstreamTrafficSetting(nsName[0], nsName[1]));
            }
            return out;
        }

        PolicySet policySet() {
            return PolicySet.of(manifests());
        }

        MeshScope scope() {
            Identity mu = meshUpstreamClient;
            return new MeshScope(monitored, id -> id.equals(mu));
        }

        CompiledPolicySet compile(Engine engine) {
            return PolicyCompiler.compile(policySet(), mesh, engine, scope());
        }

        ReferenceEvaluator reference(Engine engine) {
            return new ReferenceEvaluator(policySet(), mesh, engine, scope());
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("World:\n");
            egresses.forEach(e -> s.append("  ").append(e).append('\n'));
            groups.forEach(g -> s.append("  ").append(g).append('\n'));
            settings.forEach(u -> s.append("  UpstreamTrafficSetting ").append(u).append('\n'));
            s.append("  ").append(mesh).append('\n');
            s.append("  monitored=").append(monitored == null ? "all" : monitored)
                    .append(" meshUpstreams=").append(meshUpstreamClient).append('\n');
            requests.forEach(r -> s.append("  ").append(describe(r)).append('\n'));
            return s.toString();
        }
    }

    static String describe(EgressRequest r) {
        String base = r.source() + " " + r.protocol().id() + " " + Ipv4.format(r.ip()) + ":" + r.port();
        return switch (r.protocol()) {
            case HTTP -> base + " Host=" + r.authority() + " " + r.method() + " " + r.target() + " headers=" + r.headers();
            case TLS -> base + " sni=" + r.sni();
            case TCP -> base + (r.serverFirst() ? " serverFirst" : "");
        };
    }

    // --- manifests ------------------------------------------------------------------------------------

    static Map<String, Object> metadata(String namespace, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("namespace", namespace);
        return m;
    }

    static Manifest egress(EgressSpec e) {
        Map<String, Object> spec = new LinkedHashMap<>();
        List<Object> sources = new ArrayList<>();
        for (Identity id : e.sources()) {
            sources.add(Map.of("kind", "ServiceAccount", "name", id.name(), "namespace", id.namespace()));
        }
        spec.put("sources", sources);
        if (!e.hosts().isEmpty()) {
            spec.put("hosts", new ArrayList<>(e.hosts()));
        }
        if (!e.ipAddresses().isEmpty()) {
            spec.put("ipAddresses", new ArrayList<>(e.ipAddresses()));
        }
        List<Object> ports = new ArrayList<>();
        for (PortSpec p : e.ports()) {
            ports.add(Map.of("number", p.number(), "protocol", p.protocol()));
        }
        spec.put("ports", ports);
        if (!e.matches().isEmpty()) {
            List<Object> matches = new ArrayList<>();
            for (MatchSpec m : e.matches()) {
                matches.add(m.routeGroup()
                        ? Map.of("apiGroup", "specs.smi-spec.io/v1alpha4", "kind", "HTTPRouteGroup", "name", m.name())
                        : Map.of("apiGroup", "policy.openservicemesh.io/v1alpha1", "kind", "UpstreamTrafficSetting",
                        "name", m.name()));
            }
            spec.put("matches", matches);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiVersion", "policy.openservicemesh.io/v1alpha1");
        m.put("kind", "Egress");
        m.put("metadata", metadata(e.namespace(), e.name()));
        m.put("spec", spec);
        return Manifest.of(m);
    }

    static Manifest routeGroup(GroupSpec g) {
        List<Object> matches = new ArrayList<>();
        for (RouteSpec r : g.routes()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", r.name());
            if (r.pathRegex() != null) {
                x.put("pathRegex", r.pathRegex());
            }
            if (!r.methods().isEmpty()) {
                x.put("methods", new ArrayList<>(r.methods()));
            }
            List<Object> headers = new ArrayList<>();
            r.headers().forEach((k, v) -> headers.add(Map.of(k, v)));
            if (g.undecodable() && matches.isEmpty()) {
                headers.add(Map.of("x-one", "1", "x-two", "2")); // SMI SDK: "incorrect length of keyval"
            }
            if (!headers.isEmpty()) {
                x.put("headers", headers);
            }
            matches.add(x);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiVersion", "specs.smi-spec.io/v1alpha4");
        m.put("kind", "HTTPRouteGroup");
        m.put("metadata", metadata(g.namespace(), g.name()));
        m.put("spec", Map.of("matches", matches));
        return Manifest.of(m);
    }

    static Manifest upstreamTrafficSetting(String namespace, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiVersion", "policy.openservicemesh.io/v1alpha1");
        m.put("kind", "UpstreamTrafficSetting");
        m.put("metadata", metadata(namespace, name));
        m.put("spec", Map.of("host", "httpbin.org"));
        return Manifest.of(m);
    }

    // --- generators -----------------------------------------------------------------------------------

    static final List<Integer> PORTS = List.of(80, 443, 8080, 5432);
    static final List<String> IPS = List.of("10.0.0.5", "10.1.2.3", "192.168.1.10", "203.0.113.10", "8.8.8.8");

    static Arbitrary<String> host() {
        return Arbitraries.frequency(
                Tuple.of(6, "httpbin.org"), Tuple.of(2, "HttpBin.org"), Tuple.of(4, "example.com"),
                Tuple.of(4, "api.example.com"), Tuple.of(3, "*.example.com"), Tuple.of(2, "www.example.com"), Tuple.of(2, "*.api.example.com"),
                Tuple.of(1, "httpbin.org:80"), Tuple.of(1, "*"), Tuple.of(1, "api.*"));
    }

    static Arbitrary<String> cidr() {
        return Arbitraries.frequency(
                Tuple.of(4, "10.0.0.0/8"), Tuple.of(3, "10.0.0.0/24"), Tuple.of(3, "192.168.1.0/24"),
                Tuple.of(3, "203.0.113.10/32"), Tuple.of(1, "0.0.0.0/0"), Tuple.of(1, "999.1.1.1/24"),
                Tuple.of(1, "10.0.0.5/33"), Tuple.of(1, "10.0.0.0/08"), Tuple.of(1, "::ffff:10.0.0.0/104"),
                Tuple.of(1, "::ffff:10.0.0.0/24"));
    }

    static Arbitrary<String> protocol() {
        return Arbitraries.frequency(
                Tuple.of(6, "http"), Tuple.of(5, "https"), Tuple.of(5, "tcp"), Tuple.of(2, "tcp-server-first"),
                Tuple.of(1, "HTTP"), Tuple.of(1, "udp"));
    }

    static Arbitrary<PortSpec> port() {
        return Combinators.combine(Arbitraries.of(PORTS), protocol()).as(PortSpec::new);
    }

    static Arbitrary<MatchSpec> match() {
        return Arbitraries.frequency(
                Tuple.of(4, new MatchSpec(true, "rg0")), Tuple.of(3, new MatchSpec(true, "rg1")),
                Tuple.of(1, new MatchSpec(true, "missing")), Tuple.of(2, new MatchSpec(false, "uts0")),
                Tuple.of(1, new MatchSpec(false, "uts-missing")));
    }

    static Arbitrary<EgressSpec> egressSpec(int index) {
        Arbitrary<String> namespace = Arbitraries.of("a", "b");
        // names unique by index, but with a random letter so that namespace/name order is shuffled
        Arbitrary<String> name = Arbitraries.of("p", "k", "x", "c").map(l -> l + index);
        Arbitrary<List<Identity>> sources = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(List.<Identity>of())),
                Tuple.of(12, Arbitraries.of(ACCOUNTS).list().ofMinSize(1).ofMaxSize(2)));
        Arbitrary<List<String>> hosts = host().list().ofMaxSize(3);
        Arbitrary<List<String>> ips = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(List.<String>of())), Tuple.of(2, cidr().list().ofMinSize(1).ofMaxSize(2)));
        Arbitrary<List<PortSpec>> ports = port().list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<MatchSpec>> matches = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(List.<MatchSpec>of())), Tuple.of(2, match().list().ofMinSize(1).ofMaxSize(2)));
        return Combinators.combine(namespace, name, sources, hosts, ips, ports, matches).as(EgressSpec::new);
    }

    static Arbitrary<RouteSpec> route() {
        Arbitrary<String> path = Arbitraries.frequency(
                Tuple.of(2, ""), Tuple.of(3, "/get"), Tuple.of(2, "/status/.*"), Tuple.of(2, "/get.*"),
                Tuple.of(1, ".*"), Tuple.of(2, "/anything/[0-9]+"), Tuple.of(1, "get"));
        Arbitrary<List<String>> methods = Arbitraries.frequency(
                Tuple.of(3, List.<String>of()), Tuple.of(2, List.of("*")), Tuple.of(3, List.of("GET")),
                Tuple.of(2, List.of("GET", "POST")), Tuple.of(1, List.of("CONNECT")));
        Arbitrary<Map<String, String>> headers = Arbitraries.frequency(
                Tuple.of(5, Map.<String, String>of()), Tuple.of(2, Map.of("user-agent", ".*curl.*")),
                Tuple.of(1, Map.of("User-Agent", "curl/.*")), Tuple.of(2, Map.of("x-env", "prod")),
                Tuple.of(2, Map.of("user-agent", "curl")),
                Tuple.of(1, Map.of("x-env", ".*")));
        return Combinators.combine(Arbitraries.of("m0", "m1"), path, methods, headers).as(RouteSpec::new);
    }

    static Arbitrary<GroupSpec> group() {
        return Combinators.combine(Arbitraries.of("a", "b"), Arbitraries.of("rg0", "rg1"),
                        route().list().ofMinSize(0).ofMaxSize(2), Arbitraries.of(false, false, false, false, true))
                .as(GroupSpec::new);
    }

    static Arbitrary<List<GroupSpec>> groups() {
        // at most one group per namespace/name: the reference and the matcher would otherwise both take the last
        return group().list().ofMaxSize(3).map(l -> {
            Map<String, GroupSpec> byRef = new LinkedHashMap<>();
            l.forEach(g -> byRef.putIfAbsent(g.namespace() + "/" + g.name(), g));
            return List.copyOf(byRef.values());
        });
    }

    static Arbitrary<List<EgressSpec>> egresses() {
        return Arbitraries.integers().between(1, 6).flatMap(n -> {
            List<Arbitrary<EgressSpec>> each = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                each.add(egressSpec(i));
            }
            return Combinators.combine(each).as(List::copyOf);
        });
    }

    static Arbitrary<MeshConfig> meshConfig() {
        Arbitrary<Boolean> policy = Arbitraries.frequency(Tuple.of(9, true), Tuple.of(1, false));
        Arbitrary<Boolean> egress = Arbitraries.frequency(Tuple.of(2, true), Tuple.of(5, false));
        Arbitrary<List<Integer>> portEx = Arbitraries.frequency(
                Tuple.of(30, List.<Integer>of()), Tuple.of(1, List.of(5432)), Tuple.of(1, List.of(8080, 6379)));
        Arbitrary<List<String>> ipEx = Arbitraries.frequency(
                Tuple.of(30, List.<String>of()), Tuple.of(1, List.of("192.168.0.0/16")));
        Arbitrary<List<String>> ipIn = Arbitraries.frequency(
                Tuple.of(30, List.<String>of()), Tuple.of(1, List.of("10.0.0.0/8")),
                Tuple.of(1, List.of("10.0.0.0/8", "203.0.113.0/24")));
        return Combinators.combine(policy, egress, portEx, ipEx, ipIn).as(MeshConfig::new);
    }

    static Arbitrary<Set<String>> monitored() {
        return Arbitraries.frequency(
                Tuple.of(6, (Set<String>) null), Tuple.of(1, Set.of("a")), Tuple.of(1, Set.of("b")),
                Tuple.of(1, Set.of("a", "b")));
    }

    static Arbitrary<Identity> meshUpstreamClient() {
        return Arbitraries.frequency(Tuple.of(6, (Identity) null), Tuple.of(1, ACCOUNTS.get(0)),
                Tuple.of(1, ACCOUNTS.get(2)));
    }

    static Arbitrary<Integer> ip() {
        return Arbitraries.of(IPS).map(Ipv4::parse);
    }

    /** Biased towards the world: usually a client that some policy names, on a port that some policy opens. */
    record Aim(Arbitrary<Identity> client, Arbitrary<Integer> port) {
        static Aim at(List<EgressSpec> egresses) {
            Set<Identity> clients = new LinkedHashSet<>();
            Set<Integer> ports = new LinkedHashSet<>();
            for (EgressSpec e : egresses) {
                clients.addAll(e.sources());
                e.ports().forEach(p -> ports.add(p.number()));
            }
            Arbitrary<Identity> client = clients.isEmpty() ? Arbitraries.of(ACCOUNTS)
                    : Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(List.copyOf(clients))),
                    Tuple.of(1, Arbitraries.of(ACCOUNTS)));
            Arbitrary<Integer> port = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(List.copyOf(ports))),
                    Tuple.of(1, Arbitraries.of(PORTS)));
            return new Aim(client, port);
        }
    }

    static Arbitrary<EgressRequest> httpRequest(Aim aim) {
        Arbitrary<String> authority = Arbitraries.of("httpbin.org", "HTTPBIN.ORG", "httpbin.org:80", "httpbin.org:8080",
                "HttpBin.org", "api.example.com", "x.api.example.com", "example.com", "www.example.com:443",
                "a.b.example.com", "api.example.com:8080", "other.net", "api.net");
        Arbitrary<String> method = Arbitraries.frequency(Tuple.of(5, "GET"), Tuple.of(2, "POST"), Tuple.of(1, "HEAD"),
                Tuple.of(1, "CONNECT"), Tuple.of(1, "TRACE"), Tuple.of(1, "DELETE"));
        Arbitrary<String> target = Arbitraries.of("/get", "/get?a=1", "/status/200", "/anything/12", "/", "/x/get",
                "/anything/1?q=get");
        Arbitrary<Map<String, String>> headers = Arbitraries.of(Map.of(), Map.of("user-agent", "curl/8.0"),
                Map.of("user-agent", "wget", "x-env", "prod"), Map.of("x-env", "production"),
                Map.of("user-agent", "curl/8.0", "x-env", "production"));
        return Combinators.combine(aim.client(), ip(), aim.port(), authority, method, target, headers)
                .as(EgressRequest::http);
    }

    static Arbitrary<EgressRequest> tlsRequest(Aim aim) {
        Arbitrary<String> sni = Arbitraries.frequency(Tuple.of(1, (String) null), Tuple.of(3, "httpbin.org"),
                Tuple.of(1, "HttpBin.org"), Tuple.of(2, "api.example.com"), Tuple.of(2, "a.b.example.com"),
                Tuple.of(1, "example.com"), Tuple.of(2, "other.net"));
        return Combinators.combine(aim.client(), ip(), aim.port(), sni).as(EgressRequest::tls);
    }

    static Arbitrary<EgressRequest> tcpRequest(Aim aim) {
        return Combinators.combine(aim.client(), ip(), aim.port(), Arbitraries.of(false, true)).as(EgressRequest::tcp);
    }

    static Arbitrary<EgressRequest> request(List<EgressSpec> egresses) {
        Aim aim = Aim.at(egresses);
        return Arbitraries.frequencyOf(Tuple.of(5, httpRequest(aim)), Tuple.of(3, tlsRequest(aim)),
                Tuple.of(2, tcpRequest(aim)));
    }

    static Arbitrary<World> worlds() {
        Arbitrary<List<String>> settings = Arbitraries.of("a/uts0", "b/uts0").set().ofMaxSize(2)
                .map(s -> s.stream().sorted().collect(Collectors.toList()));
        return Combinators.combine(egresses(), groups(), settings, meshConfig(), monitored(), meshUpstreamClient())
                .flatAs((es, gs, us, mesh, mon, mu) -> request(es).list().ofMinSize(1).ofMaxSize(16)
                        .map(rs -> new World(es, gs, us, mesh, mon, mu, rs)));
    }


    /**
     * The same worlds squeezed so that policies collide: every source and request is a/curl, every port 80 or 443,
     * no exclusions, every namespace monitored. Merges, precedence and naming are exercised far more often.
     */
    static Arbitrary<World> crowdedWorlds() {
        return worlds().map(Worlds::crowd);
    }

    private static int squeeze(int port) {
        return port == 80 || port == 8080 ? 80 : 443;
    }

    static World crowd(World w) {
        Identity client = ACCOUNTS.get(0);
        List<EgressSpec> egresses = new ArrayList<>();
        for (EgressSpec e : w.egresses()) {
            List<PortSpec> ports = new ArrayList<>();
            e.ports().forEach(p -> ports.add(new PortSpec(squeeze(p.number()), p.protocol())));
            egresses.add(new EgressSpec(e.namespace(), e.name(), e.sources().isEmpty() ? List.of() : List.of(client),
                    e.hosts(), e.ipAddresses(), ports, e.matches()));
        }
        List<EgressRequest> requests = new ArrayList<>();
        for (EgressRequest r : w.requests()) {
            requests.add(new EgressRequest(client, r.protocol(), r.ip(), squeeze(r.port()), r.host(), r.authority(),
                    r.method(), r.target(), r.headers(), r.sni(), r.serverFirst()));
        }
        MeshConfig mesh = new MeshConfig(true, w.mesh().enableEgress(), List.of(), List.of(), List.of());
        return new World(egresses, w.groups(), w.settings(), mesh, null, w.meshUpstreamClient(), requests);
    }
}
