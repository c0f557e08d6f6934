package egress.enforcer.netty;

import static org.assertj.core.api.Assertions.assertThat;

import egress.fixtures.Curl;
import egress.policy.match.Verdict;
import egress.policy.model.Engine;
import egress.policy.yaml.ManifestReader;
import egress.simulator.Simulator;
import egress.simulator.mesh.Dns;
import egress.simulator.mesh.SimulatedMesh;
import egress.simulator.mesh.SimulatedUpstream;
import egress.simulator.traffic.RecordedRequest;
import egress.simulator.traffic.TrafficFormat;
import egress.simulator.traffic.TrafficReader;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An access line holds what decided the request, so replaying it decides the same: the headers a route match
 * tests (and only those), and under pipy the query its path regexes see.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayableAccessLineTest {
    private static final String ROUTES = """
            kind: HTTPRouteGroup
            apiVersion: specs.smi-spec.io/v1alpha4
            metadata: {name: routes, namespace: curl}
            spec:
              matches:
              - {name: prod, pathRegex: /get, methods: [GET], headers: [{x-env: prod}]}
              - {name: debug, pathRegex: '/anything.*debug=1', methods: [GET]}
            ---
            kind: Egress
            apiVersion: policy.openservicemesh.io/v1alpha1
            metadata: {name: httpbin-80, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [httpbin.org]
              ports: [{number: 80, protocol: http}]
              matches: [{apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: routes}]
            """;
    private ProxyFixture f;

    @BeforeAll
    void start() throws Exception {
        f = new ProxyFixture();
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @BeforeEach
    void clear() throws Exception {
        f.clearLog();
    }

    @Test
    void aHeaderTheRouteTestsIsLoggedAndReplaysToTheSameVerdictOtherHeadersAreNot() throws Exception {
        f.apply(ROUTES, Engine.OSM);
        Curl.status(
                "-x",
                f.proxyUrl(),
                "-H",
                "X-Env: prod",
                "-H",
                "Authorization: Bearer secret",
                "http://httpbin.org/get");
        Curl.status("-x", f.proxyUrl(), "-H", "X-Env: dev", "http://httpbin.org/get");
        List<String> lines = f.awaitAccessLines(2);

        assertThat(lines.get(0))
                .contains("\"headers\":{\"x-env\":\"prod\"}")
                .doesNotContain("secret")
                .contains("\"verdict\":\"allow\"");
        assertThat(lines.get(1)).contains("\"headers\":{\"x-env\":\"dev\"}").contains("\"verdict\":\"deny\"");
        assertThat(replay(lines, Engine.OSM)).containsExactly(Verdict.ALLOW, Verdict.DENY);
    }

    @Test
    void withoutHeaderMatchesNoHeaderIsLogged() throws Exception {
        f.apply(ROUTES.replace(", headers: [{x-env: prod}]", ""), Engine.OSM);
        Curl.status("-x", f.proxyUrl(), "-H", "X-Env: prod", "http://httpbin.org/get?token=abc");
        String line = f.awaitAccessLines(1).get(0);
        assertThat(line)
                .doesNotContain("\"headers\"")
                .contains("\"path\":\"/get\"")
                .doesNotContain("token");
    }

    @Test
    void underPipyThePathIsLoggedWithTheQueryItsRegexesSee() throws Exception {
        f.apply(ROUTES, Engine.PIPY);
        Curl.status("-x", f.proxyUrl(), "http://httpbin.org/anything?debug=1");
        Curl.status("-x", f.proxyUrl(), "http://httpbin.org/anything?debug=0");
        List<String> lines = f.awaitAccessLines(2);

        assertThat(lines.get(0)).contains("\"path\":\"/anything?debug=1\"").contains("\"verdict\":\"allow\"");
        assertThat(lines.get(1)).contains("\"path\":\"/anything?debug=0\"").contains("\"verdict\":\"deny\"");
        assertThat(replay(lines, Engine.PIPY)).containsExactly(Verdict.ALLOW, Verdict.DENY);
    }

    /** The lines read as recorded traffic and decided again by the simulator under the same policies. */
    private static List<Verdict> replay(List<String> lines, Engine engine) throws Exception {
        SimulatedMesh mesh = new SimulatedMesh(engine, new Dns(Map.of("httpbin.org", "127.0.0.1")));
        ManifestReader.read("routes.yaml", ROUTES).forEach(mesh::apply);
        Simulator simulator = new Simulator(mesh, new SimulatedUpstream(), true);
        List<RecordedRequest> read = new ArrayList<>();
        new TrafficReader(TrafficFormat.ENFORCER, null, new PrintStream(PrintStream.nullOutputStream()))
                .read("access.log", new BufferedReader(new StringReader(String.join("\n", lines))), read::add, null);
        assertThat(read).hasSize(lines.size());
        return read.stream()
                .map(r -> simulator.run(r.request(), false).verdict())
                .toList();
    }
}
