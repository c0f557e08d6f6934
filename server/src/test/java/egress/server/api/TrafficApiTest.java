package egress.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.fixtures.Await;
import egress.policy.yaml.ManifestReader;
import egress.server.workspace.Workspace;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The traffic API on a real port, against the embedded cluster, through java.net.http. */
class TrafficApiTest {
    static final String GITHUB = """
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: github, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [api.github.com]
              ports: [{number: 443, protocol: https}]
            """;
    static final String TRAFFIC = String.join(
                    "\n",
                    "{\"from\":\"curl/curl\",\"curl\":\"curl -s http://httpbin.org/get\"}",
                    "{\"from\":\"curl/curl\",\"curl\":\"curl -s https://api.github.com/\"}",
                    "{\"from\":\"curl/curl\",\"curl\":\"curl -s https://api.github.com/\"}",
                    "{\"from\":\"curl/curl\",\"curl\":\"curl -s http://example.com/\"}",
                    "not a request")
            + "\n";

    @TempDir
    static Path folder;

    static EmbeddedCluster cluster;
    static Workspace workspace;
    static ApiServer server;
    static ApiClient api;

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        workspace = new Workspace(folder);
        server = ApiServer.start("127.0.0.1", 0, workspace, ClusterConnection.embedded(cluster));
        api = new ApiClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
        cluster.close();
    }

    @BeforeEach
    void twoPoliciesAsTheBaselineAndNoTraffic() throws Exception {
        workspace.clear();
        workspace.putAll(ManifestReader.read("start.yaml", ApiServerTest.EGRESS + "---\n" + GITHUB));
        workspace.traffic().clear();
        workspace.traffic().markBaseline(workspace.all());
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Map<String, Object> json, String... path) {
        Object o = json;
        for (String p : path) {
            o = ((Map<String, Object>) o).get(p);
        }
        return (T) o;
    }

    @Test
    void anEditShowsWhichRecordedRequestsItNewlyRefusesInTheTableAndTheImpactLine() throws Exception {
        ApiClient.Reply loaded = api.post("/api/traffic/upload?file=traffic.jsonl", TRAFFIC);
        assertThat(loaded.status()).isEqualTo(200);
        assertThat(loaded.json())
                .containsEntry("total", 4)
                .containsEntry("distinct", 3)
                .containsEntry("unreadable", 1);
        assertThat((List<String>) at(loaded.json(), "problems"))
                .singleElement()
                .asString()
                .startsWith("traffic.jsonl:5: ");

        Map<String, Object> table = api.get("/api/traffic").json();
        assertThat((List<String>) at(table, "impact", "summary"))
                .containsExactly("this edit changes no verdict over the 4 recorded requests");
        List<Map<String, Object>> rows = at(table, "rows");
        assertThat(rows).hasSize(3);
        assertThat((String) rows.get(0).get("request"))
                .matches("curl -s --resolve api\\.github\\.com:443:[0-9.]+ https://api\\.github\\.com:443/");
        assertThat(rows.get(0))
                .containsEntry("count", 2)
                .containsEntry("verdict", "allow")
                .containsEntry("policy", "curl/github");

        assertThat(api.delete("/api/workspace/resources/Egress/curl/github").status())
                .isEqualTo(204);

        Map<String, Object> impact = api.get("/api/traffic/impact").json();
        assertThat((List<String>) at(impact, "summary"))
                .containsExactly("this edit newly refuses 2 recorded requests from curl/curl to api.github.com");
        assertThat((Map<String, Object>) at(impact, "counts")).containsEntry("newly-refused", 2);
        assertThat((List<Map<String, Object>>) at(impact, "groups"))
                .singleElement()
                .satisfies(g -> assertThat(g)
                        .containsEntry("change", "newly-refused")
                        .containsEntry("policy", "curl/github")
                        .containsEntry("host", "api.github.com"));
        Map<String, Object> ja = api.get("/api/traffic/impact?lang=ja").json();
        assertThat((List<String>) at(ja, "summary"))
                .containsExactly("この編集で curl/curl から api.github.com への記録済みリクエスト 2 件が新たに拒否されます");

        List<Map<String, Object>> after = at(api.get("/api/traffic").json(), "rows");
        assertThat(after.get(0)).containsEntry("change", "newly-refused").containsEntry("verdict", "deny");
        assertThat((String) after.get(0).get("reason")).isNotBlank();
        assertThat(after.get(1)).containsEntry("change", null);
        List<Map<String, Object>> changedOnly =
                at(api.get("/api/traffic?changed=true").json(), "rows");
        assertThat(changedOnly).hasSize(1);

        api.post("/api/traffic/baseline", "");
        assertThat((List<String>) at(api.get("/api/traffic/impact").json(), "summary"))
                .containsExactly("this edit changes no verdict over the 4 recorded requests");
    }

    @Test
    void aFileInTheWorkspaceFolderLoadsAndOneOutsideItIsRefused() throws Exception {
        Files.writeString(folder.resolve("recorded.jsonl"), TRAFFIC);
        Files.writeString(folder.getParent().resolve("outside-" + folder.getFileName() + ".jsonl"), TRAFFIC);

        ApiClient.Reply ok = api.post("/api/traffic/load", "{\"path\":\"recorded.jsonl\"}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json()).containsEntry("total", 4);

        ApiClient.Reply outside =
                api.post("/api/traffic/load", "{\"path\":\"../outside-" + folder.getFileName() + ".jsonl\"}");
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.body()).contains("outside the workspace folder").doesNotContain("httpbin");
        assertThat(api.post("/api/traffic/load", "{\"path\":\"recorded.jsonl\",\"format\":\"xml\"}")
                        .body())
                .contains("unknown traffic format 'xml'");
    }

    @Test
    void proposeFromTrafficAddsLearnedPoliciesAsNewObjectsThatAllowTheTraffic() throws Exception {
        workspace.clear();
        api.post("/api/traffic/upload?file=traffic.jsonl", TRAFFIC);

        ApiClient.Reply proposed = api.post("/api/traffic/propose", "{\"engine\":\"osm\",\"routes\":\"exact\"}");

        assertThat(proposed.status()).isEqualTo(200);
        List<String> added = at(proposed.json(), "added");
        assertThat(added)
                .isNotEmpty()
                .allMatch(k -> k.startsWith("Egress/curl/") || k.startsWith("HTTPRouteGroup/curl/"));
        assertThat((List<String>) at(api.get("/api/traffic").json(), "status", "proposed"))
                .containsExactlyElementsOf(added);
        List<Map<String, Object>> rows = at(api.get("/api/traffic").json(), "rows");
        assertThat(rows).allSatisfy(r -> assertThat(r).containsEntry("verdict", "allow"));
        assertThat(api.get("/api/workspace/resources").body()).contains("api.github.com", "example.com");
    }

    @Test
    void theDeployPlanShowsTheImpactOverTheLoadedTraffic() throws Exception {
        assertThat(api.get("/api/cluster/diff").json()).containsEntry("impact", null);
        api.post("/api/traffic/upload?file=traffic.jsonl", TRAFFIC);

        Map<String, Object> plan = api.get("/api/cluster/diff").json();

        // the embedded cluster holds no Egress: deploying the workspace newly allows what its two policies allow
        assertThat((Map<String, Object>) at(plan, "impact", "counts")).containsEntry("newly-allowed", 3);
        assertThat((List<String>) at(plan, "impact", "summary"))
                .singleElement()
                .asString()
                .startsWith("this edit newly allows 3 recorded requests, 2 of them from curl/curl to api.github.com");
    }

    @Test
    void followsARunningEnforcersRecentDecisions() throws Exception {
        HttpServer admin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] line = ("{\"time\":\"2026-01-02T03:04:05Z\",\"source\":\"curl/curl\",\"protocol\":\"http\",\"host\":"
                        + "\"httpbin.org\",\"ip\":\"10.0.0.1\",\"port\":80,\"method\":\"GET\",\"path\":\"/get\",\"verdict\":\"allow\","
                        + "\"policy\":\"curl/httpbin-80\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        admin.createContext("/decisions", ex -> {
            boolean first = ex.getRequestURI().getQuery().equals("after=0");
            ex.getResponseHeaders().add("Egress-Sequence", first ? "1" : "1");
            ex.getResponseHeaders().add("Egress-Oldest", "1");
            ex.sendResponseHeaders(200, first ? line.length : -1);
            try (OutputStream out = ex.getResponseBody()) {
                if (first) {
                    out.write(line);
                }
            }
        });
        admin.start();
        try {
            ApiClient.Reply r = api.post(
                    "/api/traffic/follow",
                    "{\"url\":\"http://127.0.0.1:" + admin.getAddress().getPort() + "\"}");
            assertThat(r.status()).isEqualTo(200);
            Await.until(
                    "the enforcer's decision is loaded",
                    Duration.ofSeconds(30),
                    () -> ((Number) at(api.get("/api/traffic").json(), "status", "total")).intValue() == 1);
            Map<String, Object> status = at(api.get("/api/traffic").json(), "status");
            assertThat((Map<String, Object>) status.get("follow"))
                    .containsEntry("sequence", 1)
                    .containsEntry("error", null);
            assertThat(api.post("/api/traffic/follow", "{\"url\":\"file:///etc/passwd\"}")
                            .status())
                    .isEqualTo(400);
        } finally {
            api.delete("/api/traffic/follow");
            admin.stop(0);
        }
    }
}
