package egress.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.server.workspace.Workspace;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API on a real port, against the embedded cluster, through java.net.http. */
class ApiServerTest {
    static final String EGRESS = """
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: httpbin-80, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [httpbin.org]
              ports: [{number: 80, protocol: http}]
            """;

    static EmbeddedCluster cluster;
    static Workspace workspace;
    static ApiServer server;
    static ApiClient api;

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        workspace = new Workspace();
        server = ApiServer.start("127.0.0.1", 0, workspace, ClusterConnection.embedded(cluster));
        api = new ApiClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
        cluster.close();
    }

    @BeforeEach
    void emptyWorkspace() {
        workspace.clear();
    }

    @Test
    void aCallWithoutTheTokenIsRefusedWithAProblem() throws Exception {
        HttpResponse<String> r = api.http()
                .send(
                        HttpRequest.newBuilder(URI.create(server.url() + "/api/workspace/resources"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        Map<?, ?> problem = ApiClient.JSON.readValue(r.body(), Map.class);
        assertThat(problem.get("title")).isEqualTo("A valid access token is required");
        assertThat(problem.get("status")).isEqualTo(401);
        assertThat(problem.get("type")).isEqualTo("unauthorized");
    }

    @Test
    void theTokenMayComeAsAQueryParameter() throws Exception {
        HttpResponse<String> r = api.http()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(server.url() + "/api/workspace/resources?token=" + server.token()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void aWrongTokenIsRefused() throws Exception {
        assertThat(api.send(api.request("/api/cluster").setHeader("Authorization", "Bearer nope"))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void crossOriginRequestsAreRefusedEvenWithTheToken() throws Exception {
        ApiClient.Reply byOrigin =
                api.send(api.request("/api/workspace/resources").header("Origin", "http://evil.example"));
        assertThat(byOrigin.status()).isEqualTo(403);
        assertThat(byOrigin.json().get("details")).asString().contains("was http://evil.example");
        assertThat(api.send(api.request("/api/workspace/resources").header("Sec-Fetch-Site", "cross-site"))
                        .status())
                .isEqualTo(403);
        assertThat(api.send(api.request("/api/workspace/resources")
                                .header("Origin", "http://127.0.0.1:" + server.port()))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anOversizedBodyIsRefused() throws Exception {
        ApiClient.Reply r = api.post("/api/workspace/import", "#".repeat((int) ApiServer.MAX_BODY_BYTES + 1));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("type")).isEqualTo("payload-too-large");
    }

    @Test
    void outsideApiOnlyTheWebDesignersFilesAreServed() throws Exception {
        assertThat(api.get("/").status()).isEqualTo(200);
        assertThat(api.get("/no-such-file").status()).isEqualTo(404);
        assertThat(api.get("/webjars/no-such-jar/1/x.js").status()).isEqualTo(404);
    }

    @Test
    void importListGetPutDeleteAndExport() throws Exception {
        ApiClient.Reply imported = api.post("/api/workspace/import?file=egress.yaml", EGRESS);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("imported")).isEqualTo(1);

        List<?> list =
                ApiClient.JSON.readValue(api.get("/api/workspace/resources").body(), List.class);
        assertThat(list).hasSize(1);
        ApiClient.Reply one = api.get("/api/workspace/resources/Egress/curl/httpbin-80");
        Map<String, Object> view = one.json();
        assertThat(view).containsEntry("file", "egress.yaml").containsEntry("namespace", "curl");

        ApiClient.Reply put = api.put(
                "/api/workspace/resources/Egress/curl/httpbin-80", EGRESS.replace("httpbin.org", "example.org"));
        assertThat(put.status()).isEqualTo(200);
        // typed YAML is kept as it was typed: that is the text shown and exported
        assertThat(put.json().get("text")).isEqualTo(EGRESS.replace("httpbin.org", "example.org"));
        assertThat(api.get("/api/workspace/export").body()).contains("hosts: [example.org]");

        ApiClient.Reply mismatch = api.put("/api/workspace/resources/Egress/curl/other", EGRESS);
        assertThat(mismatch.status()).isEqualTo(400);

        assertThat(api.delete("/api/workspace/resources/Egress/curl/httpbin-80").status())
                .isEqualTo(204);
        assertThat(api.get("/api/workspace/resources/Egress/curl/httpbin-80").status())
                .isEqualTo(404);
    }

    @Test
    void unreadableYamlIsA400WithItsPosition() throws Exception {
        ApiClient.Reply r = api.post("/api/workspace/import?file=bad.yaml", "kind: Egress\n  x: [\n");
        assertThat(r.status()).isEqualTo(400);
        Map<?, ?> detail = (Map<?, ?>) ((List<?>) r.json().get("details")).get(0);
        assertThat(detail.get("file")).isEqualTo("bad.yaml");
        assertThat(detail.get("line")).isEqualTo(2);
    }

    @Test
    void validateReportsDiagnosticsWithPositions() throws Exception {
        api.post("/api/workspace/import?file=e.yaml", EGRESS.replace("number: 80", "number: 0"));
        ApiClient.Reply r = api.post("/api/validate?engine=osm", "");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("errors")).isEqualTo(1);
        Map<?, ?> d = (Map<?, ?>) ((List<?>) r.json().get("diagnostics")).get(0);
        assertThat(d.get("field")).isEqualTo("spec.ports[0].number");
        assertThat(d.get("file")).isEqualTo("e.yaml");
        // the line is one of the text the page shows for the object
        String text = (String) api.get("/api/workspace/resources/Egress/curl/httpbin-80")
                .json()
                .get("text");
        assertThat(text.split("\n")[(Integer) d.get("line") - 1]).isEqualTo("  - number: 0");
        assertThat(text.split("\n")[(Integer) d.get("line") - 1].substring((Integer) d.get("column") - 1))
                .isEqualTo("0");
    }

    @Test
    void simulateOneCurlLineAsTheGuideDoes() throws Exception {
        api.post("/api/workspace/import", EGRESS);
        ApiClient.Reply r = api.post(
                "/api/simulate",
                ApiClient.json(
                        Map.of("from", "curl/curl", "curl", "curl -sI http://httpbin.org:80/get", "engine", "osm")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("verdict")).isEqualTo("allow");
        assertThat(r.json().get("output")).asString().startsWith("HTTP/1.1 200 OK");
        assertThat(r.json()).containsEntry("policy", "curl/httpbin-80");
        @SuppressWarnings("unchecked")
        Map<String, Object> rule = (Map<String, Object>) r.json().get("rule");
        assertThat(rule)
                .containsEntry("field", "spec.ports[0]")
                .containsEntry("port", 80)
                .containsEntry("protocol", "http");
    }

    @Test
    void aRefusalNamesTheNearestMissAsAField() throws Exception {
        api.post("/api/workspace/import", EGRESS);
        ApiClient.Reply r = api.post(
                "/api/simulate",
                ApiClient.json(Map.of("from", "curl/curl", "curl", "curl -sI http://httpbin.org:8080/get")));
        assertThat(r.json()).containsEntry("verdict", "deny").containsEntry("policy", null);
        assertThat(r.json().get("nearestMiss")).asString().contains("httpbin-80");
    }

    @Test
    void theServerNameCheckIsOnUnlessTheBodyTurnsItOff() throws Exception {
        api.post(
                "/api/workspace/import",
                EGRESS.replace("httpbin-80", "httpbin-443")
                        .replace("number: 80", "number: 443")
                        .replace("protocol: http", "protocol: https"));
        String elsewhere = "curl -sI --connect-to httpbin.org:443:evil.test:443 https://httpbin.org/get";
        ApiClient.Reply checked =
                api.post("/api/simulate", ApiClient.json(Map.of("from", "curl/curl", "curl", elsewhere)));
        assertThat(checked.json()).as(checked.body()).containsEntry("verdict", "deny");
        assertThat(checked.json().get("reason")).asString().contains("sni-destination-check");
        ApiClient.Reply off = api.post(
                "/api/simulate",
                ApiClient.json(Map.of("from", "curl/curl", "curl", elsewhere, "sniDestinationCheck", false)));
        assertThat(off.json()).as(off.body()).containsEntry("verdict", "allow");
        ApiClient.Reply batch = api.post(
                "/api/simulate/batch",
                ApiClient.json(Map.of(
                        "sniDestinationCheck",
                        false,
                        "requests",
                        List.of(Map.of("from", "curl/curl", "curl", elsewhere)))));
        assertThat(((Map<?, ?>) ((List<?>) batch.json().get("results")).get(0)).get("verdict"))
                .isEqualTo("allow");
        ApiClient.Reply bad = api.post(
                "/api/simulate",
                ApiClient.json(Map.of("from", "curl/curl", "curl", elsewhere, "sniDestinationCheck", "off")));
        assertThat(bad.status()).isEqualTo(400);
    }

    @Test
    void simulateABatchAndReportABadCurlLineByField() throws Exception {
        api.post("/api/workspace/import", EGRESS);
        ApiClient.Reply r = api.post(
                "/api/simulate/batch",
                ApiClient.json(Map.of(
                        "requests",
                        List.of(
                                Map.of("from", "curl/curl", "curl", "curl -sI http://httpbin.org:80/get"),
                                Map.of("from", "curl/curl", "curl", "curl -sI https://httpbin.org:443/get")))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<Object> verdicts = ((List<?>) r.json().get("results"))
                .stream().map(m -> (Object) ((Map<?, ?>) m).get("verdict")).toList();
        assertThat(verdicts).containsExactly("allow", "deny");

        ApiClient.Reply bad = api.post(
                "/api/simulate/batch",
                ApiClient.json(Map.of(
                        "requests", List.of(Map.of("from", "curl/curl", "curl", "curl --no-such-option http://x")))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("details")).asString().contains("field=requests[0].curl");
    }

    @Test
    void runsAPostedEgressTestFile() throws Exception {
        String test = """
                apiVersion: egress.designer/v1
                kind: EgressTest
                metadata: {name: guide}
                resources:
                - %s
                cases:
                - name: allowed
                  request: {from: curl/curl, curl: "curl -sI http://httpbin.org:80/get"}
                  expect: {verdict: allow}
                - name: wrongly expected
                  request: {from: curl/curl, curl: "curl -sI http://httpbin.org:80/get"}
                  expect: {verdict: deny}
                """.formatted(EGRESS.strip().replace("\n", "\n  "));
        ApiClient.Reply r = api.post("/api/tests?file=guide.yaml", test);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, Object> run = r.json();
        assertThat(run).containsEntry("passed", 1).containsEntry("failed", 1);
    }

    // The API reads the workspace's Workbench: an edit compiles once, a request on an unchanged set nothing.

    private static String simulate(String url) throws Exception {
        ApiClient.Reply r = api.post(
                "/api/simulate",
                ApiClient.json(Map.of("from", "curl/curl", "curl", "curl -sI " + url, "engine", "osm")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return (String) r.json().get("verdict");
    }

    @Test
    void tenSimulateCallsAndTheGraphCompileOnce() throws Exception {
        assertThat(api.post("/api/workspace/import", EGRESS).status()).isEqualTo(200);
        long before = workspace.workbench().compiles();
        for (int i = 0; i < 10; i++) {
            assertThat(simulate("http://httpbin.org/get")).isEqualTo("allow");
        }
        ApiClient.Reply batch = api.post(
                "/api/simulate/batch",
                ApiClient.json(Map.of(
                        "engine",
                        "osm",
                        "requests",
                        List.of(Map.of("from", "curl/curl", "curl", "curl -sI http://httpbin.org/get")))));
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        ApiClient.Reply graph = api.post("/api/graph", ApiClient.json(Map.of("engine", "osm")));
        assertThat(graph.status()).as(graph.body()).isEqualTo(200);
        assertThat(graph.body()).contains("httpbin.org");
        assertThat(workspace.workbench().compiles() - before).isEqualTo(1);
    }

    @Test
    void anEditThroughTheApiIsSimulatedAtOnceAndCompiledOnceMore() throws Exception {
        api.post("/api/workspace/import", EGRESS);
        assertThat(simulate("http://httpbin.org/get")).isEqualTo("allow");
        long before = workspace.workbench().compiles();

        ApiClient.Reply put = api.put(
                "/api/workspace/resources/Egress/curl/httpbin-80", EGRESS.replace("httpbin.org", "example.com"));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(simulate("http://httpbin.org/get")).isNotEqualTo("allow");
            assertThat(simulate("http://example.com/get")).isEqualTo("allow");
        }
        assertThat(workspace.workbench().compiles() - before).isEqualTo(1);

        assertThat(api.delete("/api/workspace/resources/Egress/curl/httpbin-80").status())
                .isIn(200, 204);
        assertThat(simulate("http://example.com/get")).isNotEqualTo("allow");
        assertThat(workspace.workbench().compiles() - before).isEqualTo(2);
    }

    @Test
    void validateComputesTheReportOncePerChange() throws Exception {
        api.post("/api/workspace/import", EGRESS.replace("number: 80", "number: 0"));
        long before = workspace.workbench().validations();
        for (int i = 0; i < 5; i++) {
            ApiClient.Reply r = api.post("/api/validate?engine=osm", "");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat((Integer) r.json().get("errors")).isPositive();
        }
        assertThat(workspace.workbench().validations() - before).isEqualTo(1);
    }
}
