package egress.simulator.learn;

import static egress.fixtures.property.Gen.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import egress.fixtures.property.Gen;
import egress.fixtures.property.Properties;
import egress.fixtures.property.Shrink;
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
import org.junit.jupiter.api.Test;

/**
 * On generated traffic (the enforcer's access log: http, tls with and without a server name, tcp and
 * tcp-server-first, some ports shared between them, one line in eight refused), for both engines: what learn writes is admitted with no
 * warning (validate --strict), its EgressTest file passes, replaying the same traffic through it allows
 * every request allowed when recorded, and a refused one stays refused unless learn warned about it.
 */
class LearnerPropertyTest {
    private static final String[] CLIENTS = {"shop/api", "shop/worker", "curl/curl"};
    private static final String[] HOSTS = {
        "httpbin.org", "api.example.com", "a.example.org", "b.example.org", "cdn.example.net"
    };
    private static final String[] SEGMENTS = {"api", "v1", "v2", "users", "orders", "12", "34", "health", "x.y", "a+b"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};

    /** One generated world: the recorded lines, and the engine and route mode learn runs with. */
    record Case(List<String> lines, Engine engine, RouteMode routes) {
        Case withLines(List<String> fewer) {
            return new Case(fewer, engine, routes);
        }
    }

    @Test
    void learnedPoliciesAllowTheTrafficAndPassValidateAndTheirTests() {
        Gen<Case> cases =
                Gen.combine(traffic(), Gen.of(Engine.OSM, Engine.PIPY), Gen.of(RouteMode.values()), Case::new);
        Properties.forAll(
                "learned policies allow the traffic and pass validate and their tests",
                100,
                cases,
                Shrink.<String>list(1).on(Case::lines, Case::withLines),
                c -> check(c.lines(), c.engine(), c.routes()));
    }

    private static void check(List<String> lines, Engine engine, RouteMode routes) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TrafficReader reader =
                new TrafficReader(TrafficFormat.AUTO, null, new PrintStream(err, true, StandardCharsets.UTF_8));
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
        assertThat(report.diagnostics())
                .as("validate --strict --engine " + engine)
                .isEmpty();

        SimulatedMesh mesh = new SimulatedMesh(engine, new Dns());
        manifests.forEach(mesh::apply);
        Simulator simulator = new Simulator(mesh);
        for (RecordedRequest r : recorded) {
            Simulation s = simulator.run(r.request(), false);
            if (r.allowedWhenRecorded()) {
                assertThat(s.verdict())
                        .as("line %d: %s", r.line(), lines.get((int) r.line() - 1))
                        .isEqualTo(Verdict.ALLOW);
            } else if (s.verdict() == Verdict.ALLOW) {
                String what = LearnedCase.describe(simulator.request(r.request()));
                assertThat(learned.warnings())
                        .as("refused when recorded, now allowed, and learn did not say so: " + what)
                        .anyMatch(w -> w.endsWith(what));
            }
        }

        Path dir = Files.createTempDirectory("learned");
        learned.write(dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = TestSuite.run(
                List.of(dir.resolve(Learned.TESTS_FILE)),
                false,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status)
                .as(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
                .isZero();
    }

    private static Gen<List<String>> traffic() {
        return Gen.frequencyOf(weighted(5, http()), weighted(2, tls()), weighted(2, tcp()))
                .list(1, 120);
    }

    private static Gen<String> client() {
        return Gen.of(CLIENTS);
    }

    private static Gen<String> verdict() {
        return Gen.frequency(weighted(7, "allow"), weighted(1, "deny"));
    }

    private static Gen<String> ip() {
        return Gen.integers(0, 11).map(i -> "10.0." + (i / 4) + "." + (i * 37 % 250 + 1));
    }

    private static Gen<String> path() {
        Gen<String> path = Gen.of(SEGMENTS).list(0, 4).map(segs -> "/" + String.join("/", segs));
        return Gen.combine(path, Gen.of("", "", "", "?q=1"), (p, q) -> p + q);
    }

    private static Gen<String> http() {
        return Gen.combine(
                client(),
                Gen.of(HOSTS),
                Gen.of(80, 80, 8080, 5432),
                Gen.of(METHODS),
                path(),
                ip(),
                verdict(),
                (from, host, port, method, path, ip, verdict) ->
                        line(from, "http", host, ip, port, "null", "\"" + method + "\"", "\"" + path + "\"", verdict));
    }

    private static Gen<String> tls() {
        Gen<String> sniOrNone = Gen.frequencyOf(weighted(4, Gen.of(HOSTS)), weighted(1, Gen.<String>just(null)));
        return Gen.combine(
                client(),
                sniOrNone,
                Gen.of(443, 443, 8443, 5432),
                ip(),
                verdict(),
                (from, sni, port, ip, verdict) -> line(
                        from,
                        "tls",
                        sni == null ? ip : sni,
                        ip,
                        port,
                        sni == null ? "null" : "\"" + sni + "\"",
                        "null",
                        "null",
                        verdict));
    }

    private static Gen<String> tcp() {
        return Gen.combine(
                client(),
                Gen.of("tcp", "tcp-server-first"),
                Gen.of(5432, 6379, 9000, 443, 8080),
                ip(),
                verdict(),
                (from, protocol, port, ip, verdict) ->
                        line(from, protocol, null, ip, port, "null", "null", "null", verdict));
    }

    private static String line(
            String from,
            String protocol,
            String host,
            String ip,
            int port,
            String sni,
            String method,
            String path,
            String verdict) {
        return "{\"time\":\"2026-01-02T03:04:05Z\",\"source\":\"" + from + "\",\"protocol\":\"" + protocol
                + "\",\"host\":"
                + (host == null ? "null" : "\"" + host + "\"") + ",\"ip\":\"" + ip + "\",\"port\":" + port + ",\"sni\":"
                + sni
                + ",\"method\":" + method + ",\"path\":" + path + ",\"verdict\":\"" + verdict + "\",\"signal\":null,"
                + "\"policy\":null,\"rule\":null,\"reason\":null,\"snapshot\":1,\"bytes_up\":0,\"bytes_down\":0,\"duration_ms\":0}";
    }
}
