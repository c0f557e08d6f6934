package egress.simulator.learn;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.match.Verdict;
import egress.policy.model.Engine;
import egress.policy.validate.Report;
import egress.policy.validate.Validator;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestReader;
import egress.simulator.Simulation;
import egress.simulator.Simulator;
import egress.simulator.mesh.Dns;
import egress.simulator.mesh.SimulatedMesh;
import egress.simulator.testfile.TestSuite;
import egress.simulator.traffic.RecordedRequest;
import egress.simulator.traffic.TrafficFormat;
import egress.simulator.traffic.TrafficReader;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * On generated traffic (the enforcer's access log: http, tls with and without a server name, tcp and
 * tcp-server-first, some ports shared between them, one line in eight refused), for both engines: what learn writes is admitted with no
 * warning (validate --strict), its EgressTest file passes, replaying the same traffic through it allows
 * every request allowed when recorded, and a refused one stays refused unless learn warned about it.
 */
class LearnerPropertyTest {
    private static final String[] CLIENTS = {"shop/api", "shop/worker", "curl/curl"};
    private static final String[] HOSTS = {"httpbin.org", "api.example.com", "a.example.org", "b.example.org", "cdn.example.net"};
    private static final String[] SEGMENTS = {"api", "v1", "v2", "users", "orders", "12", "34", "health", "x.y", "a+b"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};

    @Property(tries = 100)
    void learnedPoliciesAllowTheTrafficAndPassValidateAndTheirTests(@ForAll("traffic") @Size(min = 1, max = 120) List<String> lines,
                                                                     @ForAll("engines") Engine engine,
                                                                     @ForAll("routeModes") RouteMode routes) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TrafficReader reader = new TrafficReader(TrafficFormat.AUTO, null, new PrintStream(err, true, StandardCharsets.UTF_8));
        List<RecordedRequest> recorded = new ArrayList<>();
        reader.read("gen", new BufferedReader(new StringReader(String.join("\n", lines))), recorded::add, null);
        assertThat(reader.unreadable()).as(err.toString(StandardCharsets.UTF_8)).isZero();

        Learner learner = new Learner(engine, routes, 32);
        recorded.forEach(learner::accept);
        Learned learned = learner.learn();
        assertThat(learned.warnings()).noneMatch(w -> w.contains("please report"));

        List<Manifest> manifests = new ArrayList<>();
        for (Proposal p : learned.proposals()) {
            manifests.addAll(ManifestReader.read(p.file(), p.yaml()));
        }
        Report report = Validator.validate(manifests, engine);
        assertThat(report.diagnostics()).as("validate --strict --engine " + engine).isEmpty();

        SimulatedMesh mesh = new SimulatedMesh(engine, new Dns());
        manifests.forEach(mesh::apply);
        Simulator simulator = new Simulator(mesh);
        for (RecordedRequest r : recorded) {
            Simulation s = simulator.run(r.request(), false);
            if (r.allowedWhenRecorded()) {
                assertThat(s.verdict()).as("line %d: %s", r.line(), lines.get((int) r.line() - 1)).isEqualTo(Verdict.ALLOW);
            } else if (s.verdict() == Verdict.ALLOW) {
                String what = LearnedCase.describe(simulator.request(r.request()));
                assertThat(learned.warnings()).as("refused when recorded, now allowed, and learn did not say so: " + what)
                        .anyMatch(w -> w.endsWith(what));
            }
        }

        Path dir = Files.createTempDirectory("learned");
        learned.write(dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = TestSuite.run(List.of(dir.resolve(Learned.TESTS_FILE)), false,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Provide
    Arbitrary<Engine> engines() {
        return Arbitraries.of(Engine.OSM, Engine.PIPY);
    }

    @Provide
    Arbitrary<RouteMode> routeModes() {
        return Arbitraries.of(RouteMode.values());
    }

    @Provide
    Arbitrary<List<String>> traffic() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, http()),
                net.jqwik.api.Tuple.of(2, tls()),
                net.jqwik.api.Tuple.of(2, tcp())).list();
    }

    private static Arbitrary<String> client() {
        return Arbitraries.of(CLIENTS);
    }

    private static Arbitrary<String> verdict() {
        return Arbitraries.frequency(net.jqwik.api.Tuple.of(7, "allow"), net.jqwik.api.Tuple.of(1, "deny"));
    }

    private static Arbitrary<String> ip() {
        return Arbitraries.integers().between(0, 11).map(i -> "10.0." + (i / 4) + "." + (i * 37 % 250 + 1));
    }

    private static Arbitrary<String> path() {
        Arbitrary<String> path = Arbitraries.of(SEGMENTS).list().ofMinSize(0).ofMaxSize(4)
                .map(segs -> "/" + String.join("/", segs));
        return Combinators.combine(path, Arbitraries.of("", "", "", "?q=1")).as((p, q) -> p + q);
    }

    private static Arbitrary<String> http() {
        return Combinators.combine(client(), Arbitraries.of(HOSTS), Arbitraries.of(80, 80, 8080, 5432), Arbitraries.of(METHODS),
                path(), ip(), verdict()).as((from, host, port, method, path, ip, verdict) -> line(from, "http", host, ip,
                port, "null", "\"" + method + "\"", "\"" + path + "\"", verdict));
    }

    private static Arbitrary<String> tls() {
        return Combinators.combine(client(), Arbitraries.of(HOSTS).injectNull(0.2), Arbitraries.of(443, 443, 8443, 5432), ip(),
                verdict()).as((from, sni, port, ip, verdict) -> line(from, "tls", sni == null ? ip : sni, ip, port,
                sni == null ? "null" : "\"" + sni + "\"", "null", "null", verdict));
    }

    private static Arbitrary<String> tcp() {
        return Combinators.combine(client(), Arbitraries.of("tcp", "tcp-server-first"), Arbitraries.of(5432, 6379, 9000, 443, 8080),
                ip(), verdict()).as((from, protocol, port, ip, verdict) -> line(from, protocol, null, ip,
                port, "null", "null", "null", verdict));
    }

    private static String line(String from, String protocol, String host, String ip, int port, String sni, String method,
                               String path, String verdict) {
        return "{\"time\":\"2026-01-02T03:04:05Z\",\"source\":\"" + from + "\",\"protocol\":\"" + protocol + "\",\"host\":"
                + (host == null ? "null" : "\"" + host + "\"") + ",\"ip\":\"" + ip + "\",\"port\":" + port + ",\"sni\":" + sni
                + ",\"method\":" + method + ",\"path\":" + path + ",\"verdict\":\"" + verdict + "\",\"signal\":null,"
                + "\"policy\":null,\"rule\":null,\"reason\":null,\"snapshot\":1,\"bytes_up\":0,\"bytes_down\":0,\"duration_ms\":0}";
    }
}
