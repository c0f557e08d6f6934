package egress.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.server.workspace.Workspace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The vocabulary the web page takes from the server instead of deriving it, and the simulation's namespaces. */
class VocabularyApiTest {
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
    void headersTextBecomesTheSchemasListAndBack() throws Exception {
        ApiClient.Reply value = api.post(
                "/api/vocabulary/field",
                ApiClient.json(Map.of("rule", "headers", "text", "x-team: payments\nuser-agent: curl/.*")));
        assertThat(value.status()).as(value.body()).isEqualTo(200);
        assertThat(value.json().get("value"))
                .isEqualTo(List.of(Map.of("x-team", "payments"), Map.of("user-agent", "curl/.*")));
        ApiClient.Reply text = api.post(
                "/api/vocabulary/field",
                ApiClient.json(Map.of("rule", "headers", "value", List.of(Map.of("x-team", "payments")))));
        assertThat(text.json().get("text")).isEqualTo("x-team: payments");
        ApiClient.Reply empty =
                api.post("/api/vocabulary/field", ApiClient.json(Map.of("rule", "list", "text", " ,\n")));
        assertThat(empty.json()).containsEntry("value", null);
        ApiClient.Reply unknown =
                api.post("/api/vocabulary/field", ApiClient.json(Map.of("rule", "cidrs", "text", "")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("list, methods or headers");
    }

    @Test
    void aNewObjectGetsAFreeNameInItsNamespace() throws Exception {
        api.post("/api/workspace/import?file=e.yaml", """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: new-egress, namespace: curl}
                spec:
                  sources: []
                  ports: [{number: 80, protocol: http}]
                """);
        ApiClient.Reply egress =
                api.post("/api/vocabulary/template", ApiClient.json(Map.of("kind", "Egress", "namespace", "curl")));
        assertThat(egress.status()).as(egress.body()).isEqualTo(200);
        assertThat(egress.json().get("metadata")).isEqualTo(Map.of("name", "new-egress-2", "namespace", "curl"));
        ApiClient.Reply match =
                api.post("/api/vocabulary/template", ApiClient.json(Map.of("kind", "match", "index", 3)));
        assertThat(match.json()).isEqualTo(Map.of("name", "match-3", "pathRegex", "/.*"));
        assertThat(api.post("/api/vocabulary/template", ApiClient.json(Map.of("kind", "Pod")))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void tryAPathIsDecidedByRe2AsEachEngineAnchorsIt() throws Exception {
        Map<String, Object> both = api.post(
                        "/api/routes/try", ApiClient.json(Map.of("pathRegex", "/get", "path", "/anything/get?x=1")))
                .json();
        assertThat(both).containsEntry("osm", false).containsEntry("pipy", true).containsEntry("error", null);
        Map<String, Object> lookahead = api.post(
                        "/api/routes/try", ApiClient.json(Map.of("pathRegex", "/(?=g)get", "path", "/get")))
                .json();
        assertThat(lookahead.get("osm")).isNull();
        assertThat(lookahead.get("error")).asString().contains("(?=");
    }

    @Test
    void anObjectWithoutANamespaceIsSimulatedInDefaultAsEgressSimulateAppliesIt() throws Exception {
        ApiClient.Reply imported = api.post("/api/workspace/import?file=default.yaml", """
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: curl}
                ---
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: httpbin-80}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: default}]
                  hosts: [httpbin.org]
                  ports: [{number: 80, protocol: http}]
                """);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        ApiClient.Reply r = api.post(
                "/api/simulate",
                ApiClient.json(Map.of("from", "default/curl", "curl", "curl -sI http://httpbin.org:80/get")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json()).containsEntry("verdict", "allow").containsEntry("policy", "default/httpbin-80");
    }

    @Test
    void theGraphHasOnlyTheEdgesTheEngineBuilds() throws Exception {
        api.post("/api/workspace/import?file=g.yaml", """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: mixed, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [httpbin.org]
                  ipAddresses: [10.0.0.0/8]
                  ports: [{number: 80, protocol: http}, {number: 8080, protocol: HTTP}]
                """);
        Map<String, Object> osm =
                api.post("/api/graph", ApiClient.json(Map.of("engine", "osm"))).json();
        assertThat(osm.get("edges"))
                .isEqualTo(List.of(Map.of(
                        "client",
                        "curl/curl",
                        "policy",
                        "curl/mixed",
                        "portIndex",
                        0,
                        "port",
                        80,
                        "protocol",
                        "http",
                        "destination",
                        "httpbin.org")));
        Map<String, Object> pipy = api.post(
                        "/api/graph", ApiClient.json(Map.of("engine", "pipy", "policies", List.of("curl/mixed"))))
                .json();
        assertThat((List<?>) pipy.get("edges")).hasSize(2);
        Map<String, Object> none = api.post("/api/graph", ApiClient.json(Map.of("policies", List.of("curl/other"))))
                .json();
        assertThat((List<?>) none.get("edges")).isEmpty();
    }
}
