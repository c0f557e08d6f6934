package egress.simulator.testfile;

import static org.assertj.core.api.Assertions.assertThat;

import egress.simulator.Workbench;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSuiteTest {
    private static final String HEADER = """
            apiVersion: egress.designer/v1
            kind: EgressTest
            metadata: {name: t}
            resources:
              - apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: httpbin-80, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [httpbin.org]
                  ports: [{number: 80, protocol: http}]
            cases:
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String text, boolean json) throws Exception {
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, text);
        return TestSuite.run(
                List.of(dir),
                json,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFileThatSeveralTestFilesNameIsReadOnce() throws Exception {
        Files.writeString(dir.resolve("egress.yaml"), """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: httpbin-80, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [httpbin.org]
                  ports: [{number: 80, protocol: http}]
                """);
        String test = """
                apiVersion: egress.designer/v1
                kind: EgressTest
                resourceFiles: [../egress.yaml]
                cases:
                  - name: allowed
                    applyFiles: [../egress.yaml]
                    request: {from: curl/curl, curl: curl -s http://httpbin.org/get}
                    expect: {verdict: allow}
                """;
        Files.createDirectories(dir.resolve("tests"));
        Files.writeString(dir.resolve("tests/a.yaml"), test);
        Files.writeString(dir.resolve("tests/b.yaml"), test);
        Workbench bench = new Workbench();

        int status = TestSuite.run(
                List.of(dir.resolve("tests")),
                false,
                true,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Locale.ENGLISH,
                bench);

        assertThat(status).as(out() + err).isZero();
        assertThat(out()).endsWith("2 passed, 0 failed\n");
        assertThat(bench.snapshot().version())
                .as("one file read, once, for four names")
                .isEqualTo(1);
        assertThat(bench.snapshot().file(dir.resolve("egress.yaml"))).hasSize(1);
        assertThat(bench.testRuns()).isEqualTo(2);
    }

    @Test
    void passingCasesEndWithTheClosingLineAndStatusZero() throws Exception {
        int status = run(HEADER + """
                  - name: allowed
                    request: {from: curl/curl, curl: curl -s http://httpbin.org/get}
                    expect: {verdict: allow, signal: [http-200, http-204], exitCode: 0, policy: curl/httpbin-80, upstream: 'httpbin.org:80'}
                """, false);
        assertThat(status).isZero();
        assertThat(out()).contains("PASS ").contains("t.yaml: allowed").endsWith("\n1 passed, 0 failed\n");
    }

    @Test
    void aFailureSaysWhatWasExpectedWhatHappenedAndWhy() throws Exception {
        int status = run(HEADER + """
                  - name: wrong on purpose
                    request: {from: curl/curl, curl: curl -s http://httpbin.org:8080/get}
                    expect: {verdict: allow, exitCode: 0}
                """, false);
        assertThat(status).isEqualTo(1);
        assertThat(out())
                .contains("FAIL ")
                .contains(
                        "wrong on purpose: verdict should be allow, got deny; "
                                + "exitCode should be 0, got 52 (no Egress for curl/curl lists port 8080; the connection is closed)")
                .endsWith("\n0 passed, 1 failed\n");
    }

    @Test
    void aBadFieldNamesFileLineAndField() throws Exception {
        int status = run(HEADER + """
                  - name: bad verdict
                    request: {from: curl/curl, curl: curl -s http://httpbin.org/}
                    expect: {verdict: maybe}
                """, false);
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("t.yaml:15:")
                .contains("cases[0].expect.verdict: expected allow or deny, got maybe");
    }

    @Test
    void anUnknownCurlOptionIsAnErrorNamingIt() throws Exception {
        int status = run(HEADER + """
                  - name: odd curl
                    request: {from: curl/curl, curl: curl --frobnicate http://httpbin.org/}
                    expect: {verdict: allow}
                """, false);
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("cases[0].request.curl")
                .contains("--frobnicate");
    }

    @Test
    void jsonOutputHasOneObjectPerCase() throws Exception {
        run(HEADER + """
                  - name: refused host
                    request: {from: curl/curl, curl: curl -s http://example.com/}
                    expect: {verdict: deny, signal: http-404}
                  - name: admission
                    admit:
                      apiVersion: policy.openservicemesh.io/v1alpha1
                      kind: Egress
                      metadata: {name: bad, namespace: curl}
                      spec: {sources: [], ports: [{number: 0, protocol: http}]}
                    expect: {admission: reject, message: 'spec.ports[0].number'}
                """, true);
        String[] lines = out().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0])
                .startsWith("{\"file\":")
                .contains("\"name\":\"refused host\",\"passed\":true")
                .contains(
                        "\"actual\":{\"verdict\":\"deny\",\"signal\":\"http-404\",\"exitCode\":0,\"policy\":\"none\"");
        assertThat(lines[1]).contains("\"passed\":true").contains("\"admission\":\"reject\"");
    }

    @Test
    void stateChangesApplyToTheCaseAndEveryLaterOne() throws Exception {
        int status = run(HEADER + """
                  - name: deleted
                    delete: [{kind: Egress, namespace: curl, name: httpbin-80}]
                    request: {from: curl/curl, curl: curl -s http://httpbin.org/}
                    expect: {signal: connection-refused}
                  - name: global egress on
                    meshConfig: {enableEgress: true}
                    request: {from: curl/curl, curl: curl -s http://httpbin.org/}
                    expect: {verdict: allow, policy: none, upstream: original-destination}
                """, false);
        assertThat(out()).endsWith("\n2 passed, 0 failed\n");
        assertThat(status).isZero();
    }

    @Test
    void anEgressInANamespaceTheMeshDoesNotMonitorMeetsTheSchemaButNotTheWebhook() throws Exception {
        String admit = """
                  - name: %s
                    admit:
                      apiVersion: policy.openservicemesh.io/v1alpha1
                      kind: Egress
                      metadata: {name: bad-group, namespace: %s}
                      spec:
                        sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                        ports: [{number: 80, protocol: http}]
                        matches: [{apiGroup: invalid, kind: HTTPRouteGroup, name: x}]
                    expect: {admission: %s}
                """;
        int status = run(
                HEADER.replace("cases:", "mesh: {namespaces: [curl]}\ncases:")
                        + admit.formatted("monitored", "curl", "reject")
                        + admit.formatted("unmonitored", "elsewhere", "accept"),
                false);
        assertThat(out()).endsWith("\n2 passed, 0 failed\n");
        assertThat(status).isZero();
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMisspeltExpectKeyIsAnErrorNotACheckSkipped() throws Exception {
        int status = run(HEADER + """
                  - name: typo
                    request: {from: curl/curl, curl: curl -s http://httpbin.org/}
                    expect: {verdict: allow, sigal: http-404}
                """, false);
        assertThat(status).isEqualTo(2);
        assertThat(err())
                .contains("t.yaml:15:37: cases[0].expect.sigal: unknown field \"sigal\" (expected verdict,"
                        + " signal, exitCode, policy, upstream, body)");
        assertThat(out()).doesNotContain("PASS");
    }

    @Test
    void anEmptyExpectIsAnError() throws Exception {
        int status = run(HEADER + """
                  - name: checks nothing
                    request: {from: curl/curl, curl: curl -s http://httpbin.org/}
                    expect: {}
                """, false);
        assertThat(status).isEqualTo(2);
        assertThat(err())
                .contains("t.yaml:15:13: cases[0].expect: expect checks nothing: give at least one of verdict,");
    }

    @Test
    void anAdmitCaseOnlyTakesAdmissionExpectations() throws Exception {
        int status = run(HEADER + """
                  - name: verdict on an admission
                    admit: {apiVersion: v1, kind: ConfigMap, metadata: {name: x, namespace: curl}}
                    expect: {verdict: allow}
                """, false);
        assertThat(status).isEqualTo(2);
        assertThat(err())
                .contains("t.yaml:15:")
                .contains("cases[0].expect.verdict: unknown field \"verdict\"" + " (expected admission, message)");
    }

    @Test
    void everyOtherMisspeltKeyOfTheFormatIsAnErrorToo() throws Exception {
        String ok = """
                  - name: c
                    request: {from: curl/curl, curl: curl -s http://httpbin.org/}
                    expect: {verdict: allow}
                """;
        record Typo(String from, String to, String field) {}
        for (Typo t : List.of(
                new Typo("    request: {from:", "    requests: {from:", "cases[0].requests"),
                new Typo("curl: curl -s", "crul: curl -s", "cases[0].request.crul"),
                new Typo(
                        "  - name: c\n",
                        "  - name: c\n    meshConfig: {enableEgres: true}\n",
                        "cases[0].meshConfig.enableEgres"),
                new Typo(
                        "  - name: c\n",
                        "  - name: c\n    delete: [{kind: Egress, namspace: curl, name: x}]\n",
                        "cases[0].delete[0].namspace"))) {
            out.reset();
            err.reset();
            assertThat(run(HEADER + ok.replace(t.from(), t.to()), false))
                    .as(t.field())
                    .isEqualTo(2);
            assertThat(err()).as(t.field()).contains(t.field() + ": unknown");
        }
        for (String header : List.of(
                HEADER.replace("metadata: {name: t}", "metadata: {name: t}\nresource: []"),
                HEADER.replace("metadata: {name: t}", "metadata: {name: t}\nmesh: {namespace: [curl]}"),
                HEADER.replace("metadata: {name: t}", "metadata: {name: t, labels: {a: b}}"))) {
            err.reset();
            assertThat(run(header + ok, false)).isEqualTo(2);
            assertThat(err()).contains("t.yaml:").contains(": unknown field");
        }
        err.reset();
        assertThat(run(HEADER + ok.replace("{from: curl/curl,", "{from: curl/curl, serverFirst: 'yes',"), false))
                .isEqualTo(2);
        assertThat(err()).contains("cases[0].request.serverFirst: expected true or false, got yes");
        err.reset();
        assertThat(run(
                        HEADER.replace("metadata: {name: t}", "metadata: {name: t}\nmesh: {dns: {a.com: 1.2.3}}") + ok,
                        false))
                .isEqualTo(2);
        assertThat(err()).contains("mesh.dns.a.com: expected an IPv4 or IPv6 address, got 1.2.3");
        err.reset();
        assertThat(run(HEADER, false)).isEqualTo(2);
        assertThat(err()).contains("cases: a test file needs at least one case");
    }

    @Test
    void aNamespaceManifestAmongTheResourcesDecidesWhetherItsNamespaceIsMonitored() throws Exception {
        String cases = """
                  - name: the Egress is inert, so curl has no outbound configuration
                    request: {from: curl/curl, curl: curl -s http://httpbin.org/get}
                    expect: {verdict: deny, signal: connection-refused, exitCode: 7}
                  - name: the webhook does not check an unmonitored namespace
                    admit:
                      apiVersion: policy.openservicemesh.io/v1alpha1
                      kind: Egress
                      metadata: {name: bad-group, namespace: curl}
                      spec:
                        sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                        ports: [{number: 80, protocol: http}]
                        matches: [{apiGroup: invalid, kind: HTTPRouteGroup, name: x}]
                    expect: {admission: accept}
                  - name: labelled for the mesh, the policy applies
                    apply: [{apiVersion: v1, kind: Namespace, metadata: {name: curl, labels: {openservicemesh.io/monitored-by: osm}}}]
                    request: {from: curl/curl, curl: curl -s http://httpbin.org/get}
                    expect: {verdict: allow, policy: curl/httpbin-80}
                """;
        String withNamespace = HEADER.replace("cases:", """
                  - apiVersion: v1
                    kind: Namespace
                    metadata: {name: curl, labels: {openservicemesh.io/monitored-by: %s}}
                mesh: {namespaces: [curl]}
                cases:
                """);
        // an explicit mesh.namespaces is a default too: curl's own manifest overrides it
        for (String label : List.of("''", "other-mesh")) {
            out.reset();
            assertThat(run(withNamespace.formatted(label) + cases, false))
                    .as(label)
                    .isZero();
            assertThat(out()).as(label).endsWith("3 passed, 0 failed\n");
        }
        // the ignore label stops the webhook, not monitoring
        out.reset();
        String ignored = HEADER.replace("cases:", """
                  - apiVersion: v1
                    kind: Namespace
                    metadata: {name: curl, labels: {openservicemesh.io/monitored-by: osm, openservicemesh.io/ignore: 'true'}}
                cases:
                """);
        assertThat(run(
                        ignored + """
                  - name: monitored, the policy applies
                    request: {from: curl/curl, curl: curl -s http://httpbin.org/get}
                    expect: {verdict: allow, policy: curl/httpbin-80}
                """
                                + cases.substring(
                                        cases.indexOf("  - name: the webhook"), cases.indexOf("  - name: labelled")),
                        false))
                .isZero();
        assertThat(out()).endsWith("2 passed, 0 failed\n");
    }
}
