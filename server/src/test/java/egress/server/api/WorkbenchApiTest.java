package egress.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import egress.server.cluster.ClusterConnection;
import egress.server.cluster.EmbeddedCluster;
import egress.server.workspace.Workspace;
import egress.simulator.Workbench;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API on a real port reads the workspace's {@link Workbench}: an edit compiles once, a request nothing. */
class WorkbenchApiTest {
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

    private static String simulate(String url) throws Exception {
        ApiClient.Reply r = api.post("/api/simulate", ApiClient.json(Map.of("from", "curl/curl",
                "curl", "curl -sI " + url, "engine", "osm")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return (String) r.json().get("verdict");
    }

    @Test
    void tenSimulateCallsAndTheGraphCompileOnce() throws Exception {
        assertThat(api.post("/api/workspace/import", ApiServerTest.EGRESS).status()).isEqualTo(200);
        long before = workspace.workbench().compiles();
        for (int i = 0; i < 10; i++) {
            assertThat(simulate("http://httpbin.org/get")).isEqualTo("allow");
        }
        ApiClient.Reply batch = api.post("/api/simulate/batch", ApiClient.json(Map.of("engine", "osm",
                "requests", List.of(Map.of("from", "curl/curl", "curl", "curl -sI http://httpbin.org/get")))));
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        ApiClient.Reply graph = api.post("/api/graph", ApiClient.json(Map.of("engine", "osm")));
        assertThat(graph.status()).as(graph.body()).isEqualTo(200);
        assertThat(graph.body()).contains("httpbin.org");
        assertThat(workspace.workbench().compiles() - before).isEqualTo(1);
    }

    @Test
    void anEditThroughTheApiIsSimulatedAtOnceAndCompiledOnceMore() throws Exception {
        api.post("/api/workspace/import", ApiServerTest.EGRESS);
        assertThat(simulate("http://httpbin.org/get")).isEqualTo("allow");
        long before = workspace.workbench().compiles();

        ApiClient.Reply put = api.put("/api/workspace/resources/Egress/curl/httpbin-80",
                ApiServerTest.EGRESS.replace("httpbin.org", "example.com"));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(simulate("http://httpbin.org/get")).isNotEqualTo("allow");
            assertThat(simulate("http://example.com/get")).isEqualTo("allow");
        }
        assertThat(workspace.workbench().compiles() - before).isEqualTo(1);

        assertThat(api.delete("/api/workspace/resources/Egress/curl/httpbin-80").status()).isIn(200, 204);
        assertThat(simulate("http://example.com/get")).isNotEqualTo("allow");
        assertThat(workspace.workbench().compiles() - before).isEqualTo(2);
    }

    @Test
    void validateComputesTheReportOncePerChange() throws Exception {
        api.post("/api/workspace/import", ApiServerTest.EGRESS.replace("number: 80", "number: 0"));
        long before = workspace.workbench().validations();
        for (int i = 0; i < 5; i++) {
            ApiClient.Reply r = api.post("/api/validate?engine=osm", "");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat((Integer) r.json().get("errors")).isPositive();
        }
        assertThat(workspace.workbench().validations() - before).isEqualTo(1);
    }
}
