package egress.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import egress.fixtures.GuideManifests;
import egress.policy.match.AppProtocol;
import egress.policy.match.Verdict;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestReader;
import egress.simulator.curl.CurlCommand;
import egress.simulator.mesh.Dns;
import egress.simulator.mesh.SimulatedMesh;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorTest {
    private static final Identity CURL = Identity.parse("curl/curl");
    private static final String HTTPBIN_80 = GuideManifests.HTTPBIN_80;

    private final Clock clock = Clock.fixed(Instant.parse("2022-07-04T07:48:24Z"), ZoneOffset.UTC);

    private Simulation run(Engine engine, String manifests, String curl) throws Exception {
        SimulatedMesh mesh = new SimulatedMesh(engine, new Dns(Map.of("httpbin.org", "203.0.113.10")));
        for (Manifest m : ManifestReader.read("test.yaml", manifests)) {
            mesh.apply(m);
        }
        return new Simulator(mesh, new egress.simulator.mesh.SimulatedUpstream(clock))
                .run(SimulatedRequest.curl(CURL, CurlCommand.parse(curl)));
    }

    @Test
    void aServerNameSentToAnotherAddressIsRefusedUnlessTheCheckIsOff() throws Exception {
        String https = """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: httpbin-443, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [httpbin.org]
                  ports: [{number: 443, protocol: https}]
                """;
        SimulatedMesh mesh = new SimulatedMesh(
                Engine.OSM, new Dns(Map.of("httpbin.org", "203.0.113.10", "evil.test", "198.51.100.7")));
        for (Manifest m : ManifestReader.read("test.yaml", https)) {
            mesh.apply(m);
        }
        SimulatedRequest elsewhere = SimulatedRequest.curl(
                CURL, CurlCommand.parse("curl -sI --connect-to httpbin.org:443:evil.test:443 https://httpbin.org/get"));
        Simulation checked = new Simulator(mesh, new egress.simulator.mesh.SimulatedUpstream(clock)).run(elsewhere);
        assertThat(checked.outcome().signal()).isEqualTo("connection-closed");
        assertThat(checked.exitCode()).isEqualTo(35);
        assertThat(checked.explain()).contains("198.51.100.7, which is not httpbin.org");
        SimulatedRequest resolved = SimulatedRequest.curl(
                CURL, CurlCommand.parse("curl -sI --resolve httpbin.org:443:198.51.100.7 https://httpbin.org/get"));
        assertThat(new Simulator(mesh).run(resolved).outcome().signal()).isEqualTo("connection-closed");
        Simulation osm = new Simulator(mesh, new egress.simulator.mesh.SimulatedUpstream(clock), false).run(elsewhere);
        assertThat(osm.decision().allowed()).isTrue();
        assertThat(new Simulator(mesh)
                        .run(SimulatedRequest.curl(CURL, CurlCommand.parse("curl -sI https://httpbin.org/get")))
                        .decision()
                        .allowed())
                .isTrue();
    }

    /** A tcp rule for 2001:db8::/32 (written as the CRD's pattern admits it) and one for 10.0.0.0/8, on port 80. */
    private static final String V6_AND_V4_80 = """
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: doc-v6, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              ipAddresses: ["2001:db8::0.0.0.0/32"]
              ports: [{number: 80, protocol: tcp}]
            ---
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: ten-v4, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              ipAddresses: [10.0.0.0/8]
              ports: [{number: 80, protocol: tcp}]
            """;

    @Test
    void ipv6DestinationsAreDecidedAgainstIpv6Ranges() throws Exception {
        SimulatedMesh mesh = new SimulatedMesh(
                Engine.OSM,
                new Dns(Map.of(
                        "v6.test", "2001:db8::7", "other6.test", "2001:db9::1", "mapped.test", "::ffff:10.1.2.3")));
        for (Manifest m : ManifestReader.read("test.yaml", V6_AND_V4_80)) {
            mesh.apply(m);
        }
        Simulator sim = new Simulator(mesh, new egress.simulator.mesh.SimulatedUpstream(clock));
        Simulation literal =
                sim.run(SimulatedRequest.curl(CURL, CurlCommand.parse("curl -s http://[2001:db8::1]:80/")));
        assertThat(literal.decision().allowed()).as(literal.explain()).isTrue();
        assertThat(literal.decision().policy().name()).isEqualTo("doc-v6");
        assertThat(literal.request().ipText()).isEqualTo("2001:db8::1");
        Simulation outside =
                sim.run(SimulatedRequest.curl(CURL, CurlCommand.parse("curl -s http://[2001:db9::1]:80/")));
        assertThat(outside.outcome().signal()).isEqualTo("connection-closed");
        assertThat(sim.run(SimulatedRequest.curl(CURL, CurlCommand.parse("curl -s http://v6.test/")))
                        .decision()
                        .policy()
                        .name())
                .isEqualTo("doc-v6");
        assertThat(sim.run(SimulatedRequest.curl(CURL, CurlCommand.parse("curl -s http://other6.test/")))
                        .outcome()
                        .signal())
                .isEqualTo("connection-closed");
        // an IPv4-mapped answer is its IPv4 address, as Go decides it
        assertThat(sim.run(SimulatedRequest.curl(CURL, CurlCommand.parse("curl -s http://mapped.test/")))
                        .decision()
                        .policy()
                        .name())
                .isEqualTo("ten-v4");
        Simulation resolved = sim.run(SimulatedRequest.curl(
                CURL, CurlCommand.parse("curl -s --resolve example.com:80:[2001:db8::9] http://example.com/")));
        assertThat(resolved.decision().policy().name()).as(resolved.explain()).isEqualTo("doc-v6");
        Simulation explicit = sim.run(new SimulatedRequest(
                CURL, null, AppProtocol.TCP, null, "2001:db8::2", 80, null, null, Map.of(), null, false, false));
        assertThat(explicit.decision().policy().name()).isEqualTo("doc-v6");
    }

    @Test
    void theServerNameCheckComparesIpv6Addresses() throws Exception {
        SimulatedMesh mesh = new SimulatedMesh(Engine.OSM, new Dns(Map.of("v6.test", "2001:db8::7")));
        mesh.apply(ManifestReader.read(
                        "t.yaml",
                        HTTPBIN_80
                                .replace("httpbin.org", "v6.test")
                                .replace("80, protocol: http", "443, protocol: https"))
                .get(0));
        Simulator sim = new Simulator(mesh);
        assertThat(sim.run(SimulatedRequest.curl(CURL, CurlCommand.parse("curl -sI https://v6.test/")))
                        .decision()
                        .allowed())
                .isTrue();
        Simulation elsewhere = sim.run(SimulatedRequest.curl(
                CURL, CurlCommand.parse("curl -sI --resolve v6.test:443:[2001:db8::8] https://v6.test/")));
        assertThat(elsewhere.outcome().signal()).isEqualTo("connection-closed");
        assertThat(elsewhere.explain()).contains("2001:db8::8");
    }

    @Test
    void withoutAPolicyKubectlExecPrintsExitCode7AsTheGuideShows() throws Exception {
        Simulation s = run(
                Engine.OSM,
                "kind: Namespace\napiVersion: v1\nmetadata: {name: other}\n",
                "curl -sI http://httpbin.org:80/get");
        assertThat(s.kubectlOutput()).isEqualTo("command terminated with exit code 7\n");
        assertThat(s.outcome().signal()).isEqualTo("connection-refused");
    }

    @Test
    void anAllowedHeadRequestPrintsTheUpstreamsStatusLineAndHeaders() throws Exception {
        Simulation s = run(Engine.OSM, HTTPBIN_80, "curl -sI http://httpbin.org:80/get");
        assertThat(s.kubectlOutput())
                .startsWith("HTTP/1.1 200 OK\r\ndate: Mon, 04 Jul 2022 07:48:24 GMT\r\n"
                        + "content-type: application/json\r\n");
        assertThat(s.kubectlOutput())
                .contains("server: gunicorn/19.9.0\r\n")
                .endsWith("connection: keep-alive\r\n\r\n");
        assertThat(s.exitCode()).isZero();
        assertThat(s.explain()).contains("allowed by curl/httpbin-80").contains("upstream: httpbin.org:80");
    }

    @Test
    void httpsAnswersOverHttp2UnlessCurlAsksForHttp11() throws Exception {
        String policy =
                HTTPBIN_80.replace("httpbin-80", "httpbin-443").replace("80, protocol: http", "443, protocol: https");
        assertThat(run(Engine.OSM, policy, "curl -sI https://httpbin.org/get").kubectlOutput())
                .startsWith("HTTP/2 200 \r\n");
        assertThat(run(Engine.OSM, policy, "curl -sI --http1.1 https://httpbin.org/get")
                        .kubectlOutput())
                .startsWith("HTTP/1.1 200 OK\r\n");
    }

    @Test
    void aPortWithoutARuleIsClosedAndTheExplanationNamesTheNearestMiss() throws Exception {
        Simulation s = run(Engine.OSM, HTTPBIN_80, "curl -sI http://httpbin.org:8080/get");
        assertThat(s.kubectlOutput()).isEqualTo("command terminated with exit code 52\n");
        assertThat(s.explain())
                .contains("nearest miss: httpbin.org is allowed on port 80 by curl/httpbin-80, not on 8080");
    }

    @Test
    void pipyRefusesAnUnknownHostWith403AccessDenied() throws Exception {
        Simulation s = run(Engine.PIPY, HTTPBIN_80, "curl -si http://example.com/");
        assertThat(s.kubectlOutput()).startsWith("HTTP/1.1 403 Forbidden\r\n").endsWith("\r\n\r\nAccess denied");
        assertThat(s.verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void pipySendsHttpsToThePolicyHostSoCurlFailsTheHandshakeUnlessInsecure() throws Exception {
        String policy = HTTPBIN_80.replace("80, protocol: http", "443, protocol: https");
        Simulation strict = run(Engine.PIPY, policy, "curl -s https://github.com/");
        assertThat(strict.outcome().signal()).isEqualTo("forwarded-to-policy-host");
        assertThat(strict.exitCode()).isEqualTo(35);
        Simulation insecure = run(Engine.PIPY, policy, "curl -sk https://github.com/get");
        assertThat(insecure.exitCode()).isZero();
        assertThat(insecure.decision().upstream()).hasToString("httpbin.org:443");
    }

    @Test
    void aWildcardPolicyHostCannotBeResolvedSoTheAllowedRequestEndsIn503() throws Exception {
        Simulation s = run(
                Engine.OSM,
                HTTPBIN_80.replace("[httpbin.org]", "['*.example.com']"),
                "curl -s http://api.example.com/get");
        assertThat(s.decision().allowed()).isTrue();
        assertThat(s.verdict()).isEqualTo(Verdict.DENY);
        assertThat(s.outcome().signal()).isEqualTo("http-503");
        assertThat(s.decision().policy()).hasToString("curl/httpbin-80");
    }

    @Test
    void aServiceInTheMeshGivesTheClientAListenerSoRefusalsBecomeClosed() throws Exception {
        String service =
                "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}}\n";
        assertThat(run(Engine.OSM, service, "curl -s http://httpbin.org/")
                        .outcome()
                        .signal())
                .isEqualTo("connection-closed");
    }

    @Test
    void theClientsOwnServiceIsNotAMeshUpstream() throws Exception {
        String own = """
                apiVersion: v1
                kind: Service
                metadata: {name: curl, namespace: curl}
                spec: {selector: {app: curl}}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: curl, namespace: curl}
                spec:
                  template:
                    metadata: {labels: {app: curl}}
                    spec: {serviceAccountName: curl}
                """;
        assertThat(run(Engine.OSM, own, "curl -s http://httpbin.org/").outcome().signal())
                .isEqualTo("connection-refused");
    }

    @Test
    void anExplicitServerFirstConnectionReadsTheServersBanner() throws Exception {
        SimulatedMesh mesh = new SimulatedMesh(Engine.OSM, new Dns());
        mesh.apply(ManifestReader.read(
                        "t.yaml",
                        HTTPBIN_80
                                .replace("hosts: [httpbin.org]", "ipAddresses: [203.0.113.60/32]")
                                .replace("80, protocol: http", "3306, protocol: tcp-server-first"))
                .get(0));
        Simulation s = new Simulator(mesh)
                .run(new SimulatedRequest(
                        CURL,
                        null,
                        AppProtocol.TCP,
                        null,
                        "203.0.113.60",
                        3306,
                        null,
                        null,
                        Map.of(),
                        null,
                        false,
                        true));
        assertThat(s.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(s.outcome().banner()).contains("MySQL");
        assertThat(s.exitCode()).isZero();
    }

    @Test
    void theGuidesMeshConfigPatchSwitchesPoliciesOnAndOff() throws Exception {
        SimulatedMesh mesh = new SimulatedMesh(Engine.OSM, new Dns());
        mesh.apply(ManifestReader.read("t.yaml", HTTPBIN_80).get(0));
        Simulator sim = new Simulator(mesh);
        SimulatedRequest get = SimulatedRequest.curl(CURL, CurlCommand.parse("curl -sI http://httpbin.org/get"));
        mesh.patchMeshConfig(Map.of("spec", Map.of("featureFlags", Map.of("enableEgressPolicy", false))));
        assertThat(sim.run(get).outcome().signal()).isEqualTo("connection-refused");
        assertThat(sim.run(get).explain()).contains("enableEgressPolicy is off");
        mesh.patchMeshConfig(Map.of("spec", Map.of("featureFlags", Map.of("enableEgressPolicy", true))));
        assertThat(sim.run(get).outcome().signal()).isEqualTo("http-200");
    }
}
