package egress.policy.match;

import static egress.fixtures.property.Gen.weighted;

import egress.fixtures.property.Gen;
import egress.fixtures.property.Shrink;
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

/** Small random worlds (policies, route groups, mesh configuration, requests) and the manifests they stand for. */
final class Worlds {
    private Worlds() {}

    static final List<Identity> ACCOUNTS =
            List.of(new Identity("a", "curl"), new Identity("a", "web"), new Identity("b", "curl"));

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

    record EgressSpec(
            String namespace,
            String name,
            List<Identity> sources,
            List<String> hosts,
            List<String> ipAddresses,
            List<PortSpec> ports,
            List<MatchSpec> matches) {
        @Override
        public String toString() {
            return "Egress " + namespace + "/" + name + " sources=" + sources + " hosts=" + hosts + " ips="
                    + ipAddresses + " ports=" + ports + " matches=" + matches;
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

    record World(
            List<EgressSpec> egresses,
            List<GroupSpec> groups,
            List<String> settings,
            MeshConfig mesh,
            Set<String> monitored,
            Identity meshUpstreamClient,
            List<EgressRequest> requests) {

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
            settings.forEach(
                    u -> s.append("  UpstreamTrafficSetting ").append(u).append('\n'));
            s.append("  ").append(mesh).append('\n');
            s.append("  monitored=")
                    .append(monitored == null ? "all" : monitored)
                    .append(" meshUpstreams=")
                    .append(meshUpstreamClient)
                    .append('\n');
            requests.forEach(r -> s.append("  ").append(describe(r)).append('\n'));
            return s.toString();
        }
    }

    static String describe(EgressRequest r) {
        String base = r.source() + " " + r.protocol().id() + " " + r.ipText() + ":" + r.port();
        return switch (r.protocol()) {
            case HTTP ->
                base + " Host=" + r.authority() + " " + r.method() + " " + r.target() + " headers=" + r.headers();
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
                matches.add(
                        m.routeGroup()
                                ? Map.of(
                                        "apiGroup",
                                        "specs.smi-spec.io/v1alpha4",
                                        "kind",
                                        "HTTPRouteGroup",
                                        "name",
                                        m.name())
                                : Map.of(
                                        "apiGroup",
                                        "policy.openservicemesh.io/v1alpha1",
                                        "kind",
                                        "UpstreamTrafficSetting",
                                        "name",
                                        m.name()));
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

    static Gen<String> host() {
        return Gen.frequency(
                weighted(6, "httpbin.org"),
                weighted(2, "HttpBin.org"),
                weighted(4, "example.com"),
                weighted(4, "api.example.com"),
                weighted(3, "*.example.com"),
                weighted(2, "www.example.com"),
                weighted(2, "*.api.example.com"),
                weighted(1, "httpbin.org:80"),
                weighted(1, "*"),
                weighted(1, "api.*"));
    }

    static Gen<String> cidr() {
        return Gen.frequency(
                weighted(4, "10.0.0.0/8"),
                weighted(3, "10.0.0.0/24"),
                weighted(3, "192.168.1.0/24"),
                weighted(3, "203.0.113.10/32"),
                weighted(1, "0.0.0.0/0"),
                weighted(1, "999.1.1.1/24"),
                weighted(1, "10.0.0.5/33"),
                weighted(1, "10.0.0.0/08"),
                weighted(1, "::ffff:10.0.0.0/104"),
                weighted(1, "::ffff:10.0.0.0/24"),
                weighted(2, "2001:db8::0.0.0.0/32"),
                weighted(1, "2001:db8:0:1::0.0.0.0/64"),
                weighted(1, "::0.0.0.0/0"),
                weighted(1, "fe80::1.2.3.4/10"));
    }

    static Gen<String> protocol() {
        return Gen.frequency(
                weighted(6, "http"),
                weighted(5, "https"),
                weighted(5, "tcp"),
                weighted(2, "tcp-server-first"),
                weighted(1, "HTTP"),
                weighted(1, "udp"));
    }

    static Gen<PortSpec> port() {
        return Gen.combine(Gen.oneOf(PORTS), protocol(), PortSpec::new);
    }

    static Gen<MatchSpec> match() {
        return Gen.frequency(
                weighted(4, new MatchSpec(true, "rg0")),
                weighted(3, new MatchSpec(true, "rg1")),
                weighted(1, new MatchSpec(true, "missing")),
                weighted(2, new MatchSpec(false, "uts0")),
                weighted(1, new MatchSpec(false, "uts-missing")));
    }

    static Gen<EgressSpec> egressSpec(int index) {
        Gen<String> namespace = Gen.of("a", "b");
        // names unique by index, but with a random letter so that namespace/name order is shuffled
        Gen<String> name = Gen.of("p", "k", "x", "c").map(l -> l + index);
        Gen<List<Identity>> sources = Gen.frequencyOf(
                weighted(1, Gen.just(List.<Identity>of())),
                weighted(12, Gen.oneOf(ACCOUNTS).list(1, 2)));
        Gen<List<String>> hosts = host().list(0, 3);
        Gen<List<String>> ips =
                Gen.frequencyOf(weighted(3, Gen.just(List.<String>of())), weighted(2, cidr().list(1, 2)));
        Gen<List<PortSpec>> ports = port().list(1, 3);
        Gen<List<MatchSpec>> matches =
                Gen.frequencyOf(weighted(3, Gen.just(List.<MatchSpec>of())), weighted(2, match().list(1, 2)));
        return Gen.combine(namespace, name, sources, hosts, ips, ports, matches, EgressSpec::new);
    }

    static Gen<RouteSpec> route() {
        Gen<String> path = Gen.frequency(
                weighted(2, ""),
                weighted(3, "/get"),
                weighted(2, "/status/.*"),
                weighted(2, "/get.*"),
                weighted(1, ".*"),
                weighted(2, "/anything/[0-9]+"),
                weighted(1, "get"));
        Gen<List<String>> methods = Gen.frequency(
                weighted(3, List.<String>of()),
                weighted(2, List.of("*")),
                weighted(3, List.of("GET")),
                weighted(2, List.of("GET", "POST")),
                weighted(1, List.of("CONNECT")));
        Gen<Map<String, String>> headers = Gen.frequency(
                weighted(5, Map.<String, String>of()),
                weighted(2, Map.of("user-agent", ".*curl.*")),
                weighted(1, Map.of("User-Agent", "curl/.*")),
                weighted(2, Map.of("x-env", "prod")),
                weighted(2, Map.of("user-agent", "curl")),
                weighted(1, Map.of("x-env", ".*")));
        return Gen.combine(Gen.of("m0", "m1"), path, methods, headers, RouteSpec::new);
    }

    static Gen<GroupSpec> group() {
        return Gen.combine(
                Gen.of("a", "b"),
                Gen.of("rg0", "rg1"),
                route().list(0, 2),
                Gen.of(false, false, false, false, true),
                GroupSpec::new);
    }

    static Gen<List<GroupSpec>> groups() {
        // at most one group per namespace/name: the reference and the matcher would otherwise both take the last
        return group().list(0, 3).map(l -> {
            Map<String, GroupSpec> byRef = new LinkedHashMap<>();
            l.forEach(g -> byRef.putIfAbsent(g.namespace() + "/" + g.name(), g));
            return List.copyOf(byRef.values());
        });
    }

    static Gen<List<EgressSpec>> egresses() {
        return Gen.integers(1, 6).flatMap(n -> {
            List<Gen<EgressSpec>> each = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                each.add(egressSpec(i));
            }
            return Gen.sequence(each);
        });
    }

    static Gen<MeshConfig> meshConfig() {
        Gen<Boolean> policy = Gen.frequency(weighted(9, true), weighted(1, false));
        Gen<Boolean> egress = Gen.frequency(weighted(2, true), weighted(5, false));
        Gen<List<Integer>> portEx = Gen.frequency(
                weighted(30, List.<Integer>of()), weighted(1, List.of(5432)), weighted(1, List.of(8080, 6379)));
        Gen<List<String>> ipEx = Gen.frequency(
                weighted(30, List.<String>of()),
                weighted(1, List.of("192.168.0.0/16")),
                weighted(1, List.of("2001:db8:0:1::0.0.0.0/64")));
        Gen<List<String>> ipIn = Gen.frequency(
                weighted(30, List.<String>of()),
                weighted(1, List.of("10.0.0.0/8")),
                weighted(1, List.of("10.0.0.0/8", "203.0.113.0/24")),
                weighted(1, List.of("2001:db8::0.0.0.0/32")),
                weighted(1, List.of("10.0.0.0/8", "2001:db8::0.0.0.0/32")));
        return Gen.combine(policy, egress, portEx, ipEx, ipIn, MeshConfig::new);
    }

    static Gen<Set<String>> monitored() {
        return Gen.frequency(
                weighted(6, (Set<String>) null),
                weighted(1, Set.of("a")),
                weighted(1, Set.of("b")),
                weighted(1, Set.of("a", "b")));
    }

    static Gen<Identity> meshUpstreamClient() {
        return Gen.frequency(weighted(6, (Identity) null), weighted(1, ACCOUNTS.get(0)), weighted(1, ACCOUNTS.get(2)));
    }

    static Gen<Integer> ip() {
        return Gen.oneOf(IPS).map(Ipv4::parse);
    }

    /** Biased towards the world: usually a client that some policy names, on a port that some policy opens. */
    record Aim(Gen<Identity> client, Gen<Integer> port) {
        static Aim at(List<EgressSpec> egresses) {
            Set<Identity> clients = new LinkedHashSet<>();
            Set<Integer> ports = new LinkedHashSet<>();
            for (EgressSpec e : egresses) {
                clients.addAll(e.sources());
                e.ports().forEach(p -> ports.add(p.number()));
            }
            Gen<Identity> client = clients.isEmpty()
                    ? Gen.oneOf(ACCOUNTS)
                    : Gen.frequencyOf(weighted(3, Gen.oneOf(List.copyOf(clients))), weighted(1, Gen.oneOf(ACCOUNTS)));
            Gen<Integer> port =
                    Gen.frequencyOf(weighted(3, Gen.oneOf(List.copyOf(ports))), weighted(1, Gen.oneOf(PORTS)));
            return new Aim(client, port);
        }
    }

    static Gen<EgressRequest> httpRequest(Aim aim) {
        Gen<String> authority = Gen.of(
                "httpbin.org",
                "HTTPBIN.ORG",
                "httpbin.org:80",
                "httpbin.org:8080",
                "HttpBin.org",
                "api.example.com",
                "x.api.example.com",
                "example.com",
                "www.example.com:443",
                "a.b.example.com",
                "api.example.com:8080",
                "other.net",
                "api.net");
        Gen<String> method = Gen.frequency(
                weighted(5, "GET"),
                weighted(2, "POST"),
                weighted(1, "HEAD"),
                weighted(1, "CONNECT"),
                weighted(1, "TRACE"),
                weighted(1, "DELETE"));
        Gen<String> target =
                Gen.of("/get", "/get?a=1", "/status/200", "/anything/12", "/", "/x/get", "/anything/1?q=get");
        Gen<Map<String, String>> headers = Gen.of(
                Map.of(),
                Map.of("user-agent", "curl/8.0"),
                Map.of("user-agent", "wget", "x-env", "prod"),
                Map.of("x-env", "production"),
                Map.of("user-agent", "curl/8.0", "x-env", "production"));
        return Gen.combine(aim.client(), ip(), aim.port(), authority, method, target, headers, EgressRequest::http);
    }

    static Gen<EgressRequest> tlsRequest(Aim aim) {
        Gen<String> sni = Gen.frequency(
                weighted(1, (String) null),
                weighted(3, "httpbin.org"),
                weighted(1, "HttpBin.org"),
                weighted(2, "api.example.com"),
                weighted(2, "a.b.example.com"),
                weighted(1, "example.com"),
                weighted(2, "other.net"));
        return Gen.combine(aim.client(), ip(), aim.port(), sni, EgressRequest::tls);
    }

    static Gen<EgressRequest> tcpRequest(Aim aim) {
        return Gen.combine(aim.client(), ip(), aim.port(), Gen.of(false, true), EgressRequest::tcp);
    }

    /** IPv6 destinations (null: keep the IPv4 one); an IPv4-mapped one is decided as its IPv4 address. */
    static final List<String> IPV6 = List.of(
            "2001:db8::5", "2001:db8:0:1::7", "2001:db9::1", "fe80::1", "::1", "::ffff:10.0.0.5", "::ffff:8.8.8.8");

    static Gen<Ipv6> ipv6() {
        return Gen.frequencyOf(
                weighted(12, Gen.just((Ipv6) null)), weighted(5, Gen.oneOf(IPV6).map(Ipv6::parse)));
    }

    static Gen<EgressRequest> request(List<EgressSpec> egresses) {
        Aim aim = Aim.at(egresses);
        return Gen.combine(
                Gen.frequencyOf(
                        weighted(5, httpRequest(aim)), weighted(3, tlsRequest(aim)), weighted(2, tcpRequest(aim))),
                ipv6(),
                EgressRequest::withIpv6);
    }

    static Gen<World> worlds() {
        Gen<List<String>> settings = Gen.of("a/uts0", "b/uts0")
                .distinctList(0, 2)
                .map(s -> s.stream().sorted().collect(Collectors.toList()));
        return Gen.combine(
                        egresses(),
                        groups(),
                        settings,
                        meshConfig(),
                        monitored(),
                        meshUpstreamClient(),
                        (es, gs, us, mesh, mon, mu) ->
                                request(es).list(1, 16).map(rs -> new World(es, gs, us, mesh, mon, mu, rs)))
                .flatMap(world -> world);
    }

    /**
     * A failing world without some of its requests, policies, route groups or UpstreamTrafficSettings (at least one request and one
     * policy stay, as generated): what remains is what the disagreement needs. A smaller crowded world is still
     * crowded.
     */
    static final Shrink<World> SMALLER = Shrink.all(
            Shrink.<EgressRequest>list(1)
                    .on(
                            World::requests,
                            (w, rs) -> new World(
                                    w.egresses(),
                                    w.groups(),
                                    w.settings(),
                                    w.mesh(),
                                    w.monitored(),
                                    w.meshUpstreamClient(),
                                    rs)),
            Shrink.<EgressSpec>list(1)
                    .on(
                            World::egresses,
                            (w, es) -> new World(
                                    es,
                                    w.groups(),
                                    w.settings(),
                                    w.mesh(),
                                    w.monitored(),
                                    w.meshUpstreamClient(),
                                    w.requests())),
            Shrink.<GroupSpec>list(0)
                    .on(
                            World::groups,
                            (w, gs) -> new World(
                                    w.egresses(),
                                    gs,
                                    w.settings(),
                                    w.mesh(),
                                    w.monitored(),
                                    w.meshUpstreamClient(),
                                    w.requests())),
            Shrink.<String>list(0)
                    .on(
                            World::settings,
                            (w, us) -> new World(
                                    w.egresses(),
                                    w.groups(),
                                    us,
                                    w.mesh(),
                                    w.monitored(),
                                    w.meshUpstreamClient(),
                                    w.requests())));

    /**
     * The same worlds squeezed so that policies collide: every source and request is a/curl, every port 80 or 443,
     * no exclusions, every namespace monitored. Merges, precedence and naming are exercised far more often.
     */
    static Gen<World> crowdedWorlds() {
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
            egresses.add(new EgressSpec(
                    e.namespace(),
                    e.name(),
                    e.sources().isEmpty() ? List.of() : List.of(client),
                    e.hosts(),
                    e.ipAddresses(),
                    ports,
                    e.matches()));
        }
        List<EgressRequest> requests = new ArrayList<>();
        for (EgressRequest r : w.requests()) {
            requests.add(new EgressRequest(
                    client,
                    r.protocol(),
                    r.ip(),
                    r.ipv6(),
                    squeeze(r.port()),
                    r.host(),
                    r.authority(),
                    r.method(),
                    r.target(),
                    r.headers(),
                    r.sni(),
                    r.serverFirst()));
        }
        MeshConfig mesh = new MeshConfig(true, w.mesh().enableEgress(), List.of(), List.of(), List.of());
        return new World(egresses, w.groups(), w.settings(), mesh, null, w.meshUpstreamClient(), requests);
    }
}
