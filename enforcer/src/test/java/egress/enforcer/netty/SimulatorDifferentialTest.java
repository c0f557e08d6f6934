package egress.enforcer.netty;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.config.HostsTable;
import egress.enforcer.config.PolicySnapshot;
import egress.enforcer.observe.AccessLog;
import egress.enforcer.observe.Metrics;
import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.property.Gen;
import egress.fixtures.property.Properties;
import egress.fixtures.property.Shrink;
import egress.fixtures.property.Tally;
import egress.policy.httpbin.Httpbin;
import egress.policy.match.AppProtocol;
import egress.policy.match.PolicyCompiler;
import egress.policy.match.Signal;
import egress.policy.match.Verdict;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.PolicySet;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestReader;
import egress.simulator.SimulatedRequest;
import egress.simulator.Simulation;
import egress.simulator.Simulator;
import egress.simulator.curl.CurlCommand;
import egress.simulator.curl.HttpHeader;
import egress.simulator.curl.HttpResponse;
import egress.simulator.mesh.Dns;
import egress.simulator.mesh.SimulatedMesh;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's prediction (verdict and signal) is what a real socket sees through the enforcer in
 * proxy mode, for random policy sets and requests under both engines; and where the upstream answers, what it
 * answers is what the simulator predicts: for HTTP the status line, every header httpbin sets and the body, for a
 * server-first TCP port the banner line. Both sides answer from one model ({@code egress.policy.httpbin.Httpbin}),
 * so the comparison normalises only what must differ: the {@code date} (two clocks; both must be in the HTTP
 * date format), the {@code origin} the JSON echoes (the socket's real address, a documentation address in the
 * simulator, so each side's {@code content-length} is checked against its own body) and the {@code connection} header (hop by hop: the proxy's own connection with the client). TLS
 * requests compare verdicts only: the answer is inside the tunnel, and curl speaks HTTP/2 to httpbin.org where
 * the built-in upstream speaks HTTP/1.1. The enforcer maps every name to
 * 127.0.0.1, where the built-in upstreams listen (ports 80, 443, 9000 mapped to them); the simulator gives each
 * name its own loopback address, so that a TLS request whose server name is not its CONNECT host (curl's
 * {@code --connect-to}) is a different destination on both sides, as the server-name check needs.
 */
class SimulatorDifferentialTest {
    private static final Identity CURL = new Identity("curl", "curl");
    private static final List<String> HOSTS = List.of("httpbin.org", "example.com", "api.test");
    private static final AtomicReference<PolicySnapshot> POLICIES =
            new AtomicReference<>(PolicySnapshot.empty(Engine.OSM));
    private static Upstreams upstreams;
    private static EgressProxy proxy;
    private static long version;

    record Rule(String source, List<String> hosts, int port, String protocol, String pathRegex, String cidr) {}

    record Request(String kind, String host, String path, boolean viaConnect, String otherSni) {
        /** tls: the server name sent, usually the CONNECT host, sometimes another name. */
        String sni() {
            return otherSni != null ? otherSni : host;
        }

        /** tls and tcp always go through CONNECT; http either way. */
        boolean connect() {
            return !kind.equals("http") || viaConnect;
        }

        int port() {
            return kind.equals("tls") ? 443 : kind.equals("tcp") ? 9000 : 80;
        }
    }

    /** One try: an engine, the policies and the requests sent through the proxy. */
    record Case(Engine engine, List<Rule> rules, List<Request> requests) {}

    @BeforeAll
    static void start() throws Exception {
        upstreams = Upstreams.start("127.0.0.1", 0, 0, 0);
        HostsTable hosts = HostsTable.parse(List.of(
                ":80:127.0.0.1:" + upstreams.httpPort(),
                ":443:127.0.0.1:" + upstreams.httpsPort(),
                ":9000:127.0.0.1:" + upstreams.tcpPort()));
        ProxyContext context = ProxyContext.of(CURL, POLICIES::get, hosts, new AccessLog(line -> {}), new Metrics())
                .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(2));
        proxy = EgressProxy.start(context, new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (upstreams != null) {
            upstreams.close();
        }
    }

    @Test
    void whatTheSimulatorPredictsIsWhatTheSocketSees() {
        Tally outcomes = new Tally("outcome");
        Tally serverNames = new Tally("server name");
        Tally answers = new Tally("answer compared");
        Gen<Case> cases = Gen.combine(engines(), ruleSets(), requests(), Case::new);
        // a failing case without some of its rules or requests: what remains is what the difference needs
        Shrink<Case> smaller = Shrink.all(
                Shrink.<Rule>list(0).on(Case::rules, (c, rules) -> new Case(c.engine(), rules, c.requests())),
                Shrink.<Request>list(1).on(Case::requests, (c, requests) -> new Case(c.engine(), c.rules(), requests)));
        Properties.forAll(
                "what the simulator predicts is what the socket sees",
                40,
                cases,
                smaller,
                c -> agree(c.engine(), c.rules(), c.requests(), outcomes, serverNames, answers));
        outcomes.print();
        serverNames.print();
        answers.print();
    }

    private static void agree(
            Engine engine, List<Rule> rules, List<Request> requests, Tally outcomes, Tally serverNames, Tally answers)
            throws Exception {
        String yaml = yaml(rules);
        List<Manifest> manifests = ManifestReader.read("differential.yaml", yaml);
        PolicySet set = PolicySet.of(manifests);
        POLICIES.set(new PolicySnapshot(
                ++version, PolicyCompiler.compile(set, set.meshConfigOrDefault(), engine), Instant.now()));
        SimulatedMesh mesh = new SimulatedMesh(
                engine,
                new Dns(Map.of("httpbin.org", "127.0.0.1", "example.com", "127.0.0.2", "api.test", "127.0.0.3")));
        manifests.forEach(mesh::apply);
        Simulator simulator = new Simulator(mesh);
        for (Request r : requests) {
            Simulation predicted = simulator.run(explicit(r));
            if (predicted.verdict() == Verdict.UNDETERMINED
                    || predicted.decision().signal() == null) {
                outcomes.count("undetermined (skipped)");
                continue;
            }
            String expected = ProxyObservation.expected(predicted.decision().signal(), r.connect());
            String seen = observe(r);
            outcomes.count(r.kind() + " " + predicted.decision().signal().id());
            if (r.kind().equals("tls")) {
                serverNames.count((r.sni().equals(r.host()) ? "is" : "is not") + " the CONNECT host, "
                        + predicted.decision().signal().id());
            }
            assertThat(seen)
                    .as("%s under %s with\n%s\nsimulator: %s", r, engine, yaml, predicted.explain())
                    .isEqualTo(expected);
            assertThat(predicted.verdict())
                    .isEqualTo(seen.equals(ProxyObservation.UPSTREAM) ? Verdict.ALLOW : Verdict.DENY);
            if (predicted.decision().signal() == Signal.FORWARDED) {
                String answer = sameAnswer(simulator, r, engine, yaml);
                if (answer != null) {
                    answers.count(answer);
                }
            }
        }
    }

    /** The simulator's answer is the built-in upstream's, seen through the enforcer; what was compared, or null. */
    private static String sameAnswer(Simulator simulator, Request r, Engine engine, String yaml) throws Exception {
        if (r.kind().equals("tcp")) {
            Simulation banner = simulator.run(new SimulatedRequest(
                    CURL, null, AppProtocol.TCP, r.host(), null, r.port(), null, null, Map.of(), null, false, true));
            if (banner.decision().signal() != Signal.FORWARDED) {
                return null;
            }
            assertThat(bannerThroughProxy(r.host(), r.port()))
                    .as("the banner of %s under %s", r, engine)
                    .isEqualTo(banner.outcome().banner() + Httpbin.LINE_END);
            return "tcp banner";
        }
        if (!r.kind().equals("http")) {
            return null;
        }
        CurlCommand curl = CurlCommand.parse("curl -si -H 'Connection: close' http://" + r.host() + r.path());
        Simulation simulated = simulator.run(SimulatedRequest.curl(CURL, curl));
        if (simulated.decision().signal() != Signal.FORWARDED) {
            return null;
        }
        HttpResponse predicted = simulated.outcome().response();
        StringBuilder head = new StringBuilder();
        curl.requestHeaders()
                .forEach(h ->
                        head.append(h.name()).append(": ").append(h.value()).append("\r\n"));
        String reply;
        try (RawClient c = new RawClient(proxy.port())) {
            if (r.connect()) {
                c.send("CONNECT " + r.host() + ":80 HTTP/1.1\r\nHost: " + r.host() + ":80\r\n\r\n");
                assertThat(c.readHead()).startsWith("HTTP/1.1 200");
                c.send("GET " + r.path() + " HTTP/1.1\r\n" + head + "\r\n");
            } else {
                c.send("GET http://" + r.host() + r.path() + " HTTP/1.1\r\n" + head + "\r\n");
            }
            reply = c.readToEnd();
        }
        assertThat(reply).as("%s under %s with\n%s", r, engine, yaml).endsWith("EOF");
        String what = r + " under " + engine + " with\n" + yaml;
        int end = reply.indexOf("\r\n\r\n");
        List<String> lines = List.of(reply.substring(0, end).split("\r\n"));
        String body = reply.substring(end + 4, reply.length() - "EOF".length());
        assertThat(lines.get(0)).as("status line of " + what).isEqualTo(predicted.statusLine());
        assertThat(origin(body)).as("body of " + what).isEqualTo(origin(predicted.body()));
        Map<String, List<String>> seen = new java.util.TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            seen.computeIfAbsent(
                            line.substring(0, colon).toLowerCase(java.util.Locale.ROOT),
                            k -> new java.util.ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        for (HttpHeader h : predicted.headers()) {
            String name = h.name().toLowerCase(java.util.Locale.ROOT);
            if (name.equals("connection")) {
                continue; // hop by hop: the proxy's connection with this client, not the upstream's
            }
            assertThat(seen.get(name)).as(name + " of " + what).hasSize(1);
            String value = seen.get(name).get(0);
            if (name.equals("date")) { // two clocks: the same format, not the same second
                Httpbin.DATE.parse(value);
                Httpbin.DATE.parse(h.value());
                continue;
            }
            if (name.equals("content-length")) { // the origin's length differs: each is its own body's length
                assertThat(value).as(name + " of " + what).isEqualTo(String.valueOf(body.length()));
                assertThat(h.value())
                        .as("predicted " + name + " of " + what)
                        .isEqualTo(String.valueOf(predicted.bodyLength()));
                continue;
            }
            assertThat(value).as(name + " of " + what).isEqualTo(h.value());
        }
        return "http " + predicted.status() + (predicted.body().isEmpty() ? "" : " with a body");
    }

    /** httpbin echoes the client's address: a socket's real one, a documentation address in the simulator. */
    private static String origin(String body) {
        return body.replaceAll("\"origin\": \"[^\"]*\"", "\"origin\": \"(the client)\"");
    }

    /** CONNECT to a server-first port, say nothing, and read its first line. */
    private static String bannerThroughProxy(String host, int port) throws Exception {
        try (RawClient c = new RawClient(proxy.port())) {
            c.send("CONNECT " + host + ":" + port + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 200");
            StringBuilder line = new StringBuilder();
            while (!line.toString().endsWith(Httpbin.LINE_END)) {
                int b = c.socket.getInputStream().read();
                if (b < 0) {
                    break;
                }
                line.append((char) b);
            }
            return line.toString();
        }
    }

    private static SimulatedRequest explicit(Request r) {
        AppProtocol p =
                r.kind().equals("tls") ? AppProtocol.TLS : r.kind().equals("tcp") ? AppProtocol.TCP : AppProtocol.HTTP;
        return new SimulatedRequest(
                CURL,
                null,
                p,
                r.host(),
                null,
                r.port(),
                "GET",
                r.path(),
                Map.of(),
                r.kind().equals("tls") ? r.sni() : null,
                r.kind().equals("tls"),
                false);
    }

    private static String observe(Request r) throws Exception {
        if (!r.connect()) {
            return ProxyObservation.absoluteHttp(proxy.port(), r.host(), r.path());
        }
        return ProxyObservation.connect(
                proxy.port(), r.host(), r.port(), r.kind(), r.kind().equals("tls") ? r.sni() : r.path());
    }

    private static Gen<Engine> engines() {
        return Gen.of(Engine.OSM, Engine.PIPY);
    }

    private static Gen<List<Rule>> ruleSets() {
        Gen<String> source = Gen.of("curl", "curl", "curl", "curl", "other");
        Gen<List<String>> hosts = Gen.oneOf(HOSTS).distinctList(1, 3);
        Gen<Integer> kind = Gen.integers(0, 2);
        Gen<String> path = Gen.of(null, null, null, "/get", "/status/.*");
        Gen<String> cidr = Gen.of(null, "127.0.0.0/8", "10.0.0.0/8");
        Gen<Rule> rule = Gen.combine(source, hosts, kind, path, cidr, (s, h, k, p, c) -> switch (k) {
            case 0 -> new Rule(s, h, 80, "http", p, null);
            case 1 ->
                new Rule(s, "10.0.0.0/8".equals(c) ? List.of() : h, 443, "https", null, null); // no hosts: pipy resets
            default -> new Rule(s, List.of(), 9000, "tcp", null, c);
        });
        return rule.list(0, 4);
    }

    private static Gen<List<Request>> requests() {
        Gen<String> kind = Gen.of("http", "http", "tls", "tcp");
        Gen<String> host = Gen.of("httpbin.org", "httpbin.org", "example.com", "api.test");
        Gen<String> path = Gen.of("/get", "/status/201", "/anything", "/headers");
        Gen<Boolean> viaConnect = Gen.of(true, false);
        Gen<String> otherSni = Gen.of(null, null, null, "httpbin.org", "example.com");
        return Gen.combine(kind, host, path, viaConnect, otherSni, Request::new).list(1, 4);
    }

    private static String yaml(List<Rule> rules) {
        StringBuilder y = new StringBuilder();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            String name = "rule-" + i;
            y.append("kind: Egress\napiVersion: policy.openservicemesh.io/v1alpha1\nmetadata:\n  name: ")
                    .append(name)
                    .append("\n  namespace: curl\nspec:\n  sources:\n  - kind: ServiceAccount\n    name: ")
                    .append(r.source())
                    .append("\n    namespace: ")
                    .append(r.source())
                    .append('\n');
            if (!r.hosts().isEmpty()) {
                y.append("  hosts:\n");
                r.hosts().forEach(h -> y.append("  - ").append(h).append('\n'));
            }
            if (r.cidr() != null) {
                y.append("  ipAddresses:\n  - ").append(r.cidr()).append('\n');
            }
            y.append("  ports:\n  - number: ")
                    .append(r.port())
                    .append("\n    protocol: ")
                    .append(r.protocol())
                    .append('\n');
            if (r.pathRegex() != null) {
                y.append("  matches:\n  - apiGroup: specs.smi-spec.io/v1alpha4\n    kind: HTTPRouteGroup\n    name: ")
                        .append(name)
                        .append("-routes\n---\napiVersion: specs.smi-spec.io/v1alpha4\nkind: HTTPRouteGroup\n")
                        .append("metadata:\n  name: ")
                        .append(name)
                        .append("-routes\n  namespace: curl\nspec:\n  matches:\n")
                        .append("  - name: m\n    pathRegex: ")
                        .append(r.pathRegex())
                        .append('\n');
            }
            y.append("---\n");
        }
        return y.toString();
    }
}
