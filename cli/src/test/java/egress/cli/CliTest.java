package egress.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import egress.fixtures.Project;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestReader;
import egress.policy.yaml.ManifestWriter;
import egress.policy.yaml.Tree;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The egress command as a user runs it: arguments in, printed text and exit status out. */
class CliTest {
    private static final Path ROOT = Project.root();
    private static final Path SHARED = Project.shared();

    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    private final ByteArrayOutputStream out = streams.out;
    private final ByteArrayOutputStream err = streams.err;

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void validateAdmitsTheSamplesWithExitZero() {
        assertThat(Main.run("validate", ROOT.resolve("samples").toString())).isZero();
        assertThat(out()).isEqualTo("10 manifests: 0 errors, 0 warnings\n");
    }

    @Test
    void validateRejectsWithFileLineColumnCodeAndField() throws Exception {
        Path f = write("bad.yaml", """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: bad, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  ports:
                    - {number: 80, protocol: http}
                    - {number: 70000, protocol: tcp}
                """);
        assertThat(Main.run("validate", f.toString())).isEqualTo(1);
        assertThat(out())
                .contains(f + ":8:16: error EGR114 spec.ports[1].number: Invalid value: 70000: "
                        + "spec.ports[1].number in body should be less than or equal to 65535");
    }

    @Test
    void validateExitsTwoWhenAFileCannotBeRead() throws Exception {
        assertThat(Main.run(
                        "validate", write("broken.yaml", "kind: [unclosed\n").toString()))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("broken.yaml:2:1: invalid YAML");
        assertThat(Main.run("validate", dir.resolve("missing.yaml").toString())).isEqualTo(2);
    }

    @Test
    void validateLetsTheNamespaceManifestDecideWhetherTheWebhookChecksAnEgress() throws Exception {
        write("egress.yaml", """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: bad-group, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  ports: [{number: 22, protocol: tcp}]
                  matches: [{apiGroup: invalid, kind: HTTPRouteGroup, name: x}]
                """);
        Path ns = write("namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: curl}\n");
        assertThat(Main.run("validate", dir.toString())).isZero();
        assertThat(out())
                .contains("egress.yaml:3:40: warning EGR312 metadata.namespace: namespace curl is not monitored"
                        + " by the mesh (its Namespace manifest has no openservicemesh.io/monitored-by label): this Egress is"
                        + " inert, and osm-edge's webhook does not check it")
                .doesNotContain("EGR201");
        out.reset();
        Files.writeString(
                ns,
                "apiVersion: v1\nkind: Namespace\nmetadata: {name: curl, labels:"
                        + " {openservicemesh.io/monitored-by: osm}}\n");
        assertThat(Main.run("validate", dir.toString())).isEqualTo(1);
        assertThat(out()).contains("error EGR201").doesNotContain("EGR312");
    }

    @Test
    void validateRefusesAnAliasBombNamingFileAndLine() throws Exception {
        StringBuilder y =
                new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  a0: &a0 [x, y]\n");
        for (int i = 1; i <= 24; i++) {
            y.append("  a")
                    .append(i)
                    .append(": &a")
                    .append(i)
                    .append(" [*a")
                    .append(i - 1)
                    .append(", *a")
                    .append(i - 1)
                    .append("]\n");
        }
        Path f = write("bomb.yaml", y.toString());
        int status = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Main.run("validate", f.toString()));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains(f + ":19:20: invalid YAML: aliases expand to more" + " than 100000 nodes");
    }

    @Test
    void strictMakesWarningsFailAndJsonListsEveryDiagnostic() throws Exception {
        Path f = write("warn.yaml", """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: loud, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [httpbin.org]
                  ports: [{number: 80, protocol: HTTP}]
                """);
        assertThat(Main.run("validate", f.toString())).isZero();
        assertThat(Main.run("validate", "--strict", f.toString())).isEqualTo(1);
        out.reset();
        assertThat(Main.run("validate", "--output", "json", f.toString())).isZero();
        assertThat(out())
                .contains("\"admitted\" : true")
                .contains("\"severity\" : \"warning\"")
                .contains("\"field\" : \"spec.ports[0].protocol\"");
    }

    /** Issue 2: the admission cases of the shared validation.yaml give the expected verdict through `egress validate`. */
    @Test
    void theSharedAdmissionCasesGiveTheExpectedVerdictThroughValidate() throws Exception {
        Manifest suite = ManifestReader.read(SHARED.resolve("conformance/validation.yaml"))
                .get(0);
        List<?> cases = Tree.list(suite.content(), "cases");
        assertThat(cases).isNotEmpty();
        for (int i = 0; i < cases.size(); i++) {
            Map<String, Object> admit = Tree.map(suite.content(), "cases[" + i + "].admit");
            String expected = Tree.string(suite.content(), "cases[" + i + "].expect.admission");
            String message = Tree.string(suite.content(), "cases[" + i + "].expect.message");
            Path f = write("case" + i + ".yaml", ManifestWriter.write(admit));
            out.reset();
            int status = Main.run("validate", f.toString());
            assertThat(status)
                    .as(Tree.string(suite.content(), "cases[" + i + "].name"))
                    .isEqualTo(expected.equals("accept") ? 0 : 1);
            if (message != null) {
                assertThat(out().toLowerCase()).contains(message.toLowerCase());
            }
        }
    }

    @Test
    void simulateExitsWithCurlsExitCodeAndExplains() {
        String samples = ROOT.resolve("samples").toString();
        int status = Main.run(
                "simulate",
                "--resources",
                samples + "/curl.yaml",
                samples + "/egress-httpbin-80.yaml",
                "--from",
                "curl/curl",
                "--explain",
                "--",
                "curl",
                "-sI",
                "http://httpbin.org:8080/get");
        assertThat(status).isEqualTo(52);
        assertThat(out())
                .startsWith("command terminated with exit code 52\n")
                .contains("nearest miss: httpbin.org is allowed on port 80 by curl/httpbin-80, not on 8080");
    }

    private static final String HTTPBIN_443 = """
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: httpbin-443, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [httpbin.org]
              ports: [{number: 443, protocol: https}]
            """;

    @Test
    void simulateChecksTheServerNamesDestinationUnlessTurnedOff() throws Exception {
        Path policy = write("httpbin-443.yaml", HTTPBIN_443);
        String[] curl = {"--", "curl", "-sI", "--connect-to", "httpbin.org:443:evil.test:443", "https://httpbin.org/get"
        };
        List<String> base = List.of("simulate", "--resources", policy.toString(), "--from", "curl/curl", "--explain");
        List<String> checked = new java.util.ArrayList<>(base);
        checked.addAll(List.of(curl));
        assertThat(Main.run(checked.toArray(String[]::new))).as(out()).isEqualTo(35);
        assertThat(out()).contains("sni-destination-check");
        out.reset();
        List<String> off = new java.util.ArrayList<>(base);
        off.addAll(List.of("--sni-destination-check", "off"));
        off.addAll(List.of(curl));
        assertThat(Main.run(off.toArray(String[]::new))).as(out()).isZero();
        assertThat(out()).startsWith("HTTP/2 200");
        List<String> wrong = new java.util.ArrayList<>(base);
        wrong.addAll(List.of("--sni-destination-check", "no"));
        wrong.addAll(List.of(curl));
        assertThat(Main.run(wrong.toArray(String[]::new))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("expects on or off, got 'no'");
    }

    @Test
    void testChecksTheServerNamesDestinationUnlessTurnedOffByFlagOrFile() throws Exception {
        String tests = """
                apiVersion: egress.designer/v1
                kind: EgressTest
                metadata: {name: sni}
                MESH
                resources:
                - apiVersion: policy.openservicemesh.io/v1alpha1
                  kind: Egress
                  metadata: {name: httpbin-443, namespace: curl}
                  spec:
                    sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                    hosts: [httpbin.org]
                    ports: [{number: 443, protocol: https}]
                cases:
                - name: a server name sent elsewhere is allowed, as osm-edge allows it
                  request:
                    from: curl/curl
                    curl: curl -sI --connect-to httpbin.org:443:evil.test:443 https://httpbin.org/get
                  expect: {verdict: allow, policy: curl/httpbin-443}
                """;
        Path plain = write("sni.test.yaml", tests.replace("MESH\n", ""));
        assertThat(Main.run("test", plain.toString())).as(out()).isEqualTo(1);
        assertThat(out()).endsWith("\n0 passed, 1 failed\n");
        out.reset();
        assertThat(Main.run("test", "--sni-destination-check", "off", plain.toString()))
                .as(out())
                .isZero();
        assertThat(out()).endsWith("\n1 passed, 0 failed\n");
        out.reset();
        // the file may say so itself (mesh.sniDestinationCheck), and then the flag's default does not apply
        Path own = write("own.test.yaml", tests.replace("MESH", "mesh: {sniDestinationCheck: false}"));
        assertThat(Main.run("test", own.toString())).as(out()).isZero();
        assertThat(out()).endsWith("\n1 passed, 0 failed\n");
        out.reset();
        Path typo = write("typo.test.yaml", tests.replace("MESH", "mesh: {sniDestinationCheck: maybe}"));
        assertThat(Main.run("test", typo.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("typo.test.yaml:4", "mesh.sniDestinationCheck", "expected true or false, got maybe");
    }

    @Test
    void simulateReplaysAStreamOfRequests() throws Exception {
        Path requests = write("r.jsonl", """
                {"from":"curl/curl","curl":"curl -s http://httpbin.org/get"}
                {"from":"curl/curl","curl":"curl -s http://example.com/get"}
                """);
        String samples = ROOT.resolve("samples").toString();
        assertThat(Main.run(
                        "simulate",
                        "--resources",
                        samples + "/curl.yaml",
                        samples + "/egress-httpbin-80.yaml",
                        "--requests",
                        requests.toString()))
                .isZero();
        assertThat(out().split("\n")).hasSize(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .containsPattern("(?m)^replayed 2 requests: 1 allowed, 1 denied$");
    }

    @Test
    void testRunsTheSamplesWalkthroughForBothEngines() {
        assertThat(Main.run("test", ROOT.resolve("samples").toString()))
                .as(out())
                .isZero();
        assertThat(out()).endsWith("\n28 passed, 0 failed\n"); // the whole closing line: CI reads it
    }

    @Test
    void enforceInTransparentModeNeedsThePodIdentity() {
        assertThat(Main.run(
                        "enforce",
                        "--mode",
                        "transparent",
                        "--resources",
                        ROOT.resolve("samples").toString(),
                        "--listen",
                        "127.0.0.1:15001",
                        "--admin",
                        "off"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("transparent mode needs --identity NS/SA");
    }

    @Test
    void enforceRejectsAnUnknownMode() {
        assertThat(Main.run(
                        "enforce",
                        "--mode",
                        "tproxy",
                        "--resources",
                        ROOT.resolve("samples").toString()))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--mode expects proxy or transparent, got 'tproxy'");
    }

    @Test
    void enforceInTransparentModeNeedsAFixedPort() {
        assertThat(Main.run(
                        "enforce",
                        "--mode",
                        "transparent",
                        "--resources",
                        ROOT.resolve("samples").toString(),
                        "--identity",
                        "curl/curl",
                        "--listen",
                        "127.0.0.1:0",
                        "--admin",
                        "off"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs a fixed --listen port");
    }

    @Test
    void enforceTakesPoliciesFromFilesOrFromAClusterButNotBoth() {
        String oneOf =
                "egress enforce: give --resources FILE|DIR..., or --kubeconfig FILE [--context NAME], or --in-cluster, or --server URL (one of them)";
        assertThat(Main.run("enforce", "--identity", "a/b")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(oneOf);
        assertThat(Main.run("enforce", "--resources", "x", "--kubeconfig", "k", "--identity", "a/b"))
                .isEqualTo(2);
        assertThat(Main.run("enforce", "--in-cluster", "--kubeconfig", "k", "--identity", "a/b"))
                .isEqualTo(2);
        assertThat(Main.run("enforce", "--resources", "x", "--context", "c", "--identity", "a/b"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("egress enforce: --context needs --kubeconfig FILE");
    }
}
