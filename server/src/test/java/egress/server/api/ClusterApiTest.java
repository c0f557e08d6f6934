package egress.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.deploy.DeployJournal;
import egress.cluster.deploy.DeployService;
import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.cluster.kube.ServedResources;
import egress.fixtures.Await;
import egress.server.workspace.Workspace;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cluster endpoints: context, diff, deploy (dry run, then applied with progress as server-sent events), import. */
class ClusterApiTest {
    EmbeddedCluster cluster;
    Workspace workspace;
    ApiServer server;
    ApiClient api;

    @BeforeEach
    void start() {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        workspace = new Workspace();
        server = ApiServer.start("127.0.0.1", 0, workspace, ClusterConnection.embedded(cluster));
        api = new ApiClient(server);
    }

    @AfterEach
    void stop() {
        server.close();
        cluster.close();
    }

    @Test
    void theContextNamesTheClusterButNoCredentials() throws Exception {
        ApiClient.Reply r = api.get("/api/cluster");
        assertThat(r.json())
                .containsEntry("context", "egress-designer")
                .containsEntry("server", cluster.url())
                .containsEntry("embedded", true);
        assertThat(r.body()).doesNotContainIgnoringCase("token").doesNotContain("password");
    }

    @Test
    void listsTheClustersServiceAccountsAsSources() throws Exception {
        cluster.client()
                .serviceAccounts()
                .inNamespace("curl")
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("curl")
                        .withNamespace("curl")
                        .endMetadata()
                        .build())
                .create();
        ApiClient.Reply r = api.get("/api/cluster/serviceaccounts");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("[\"curl/curl\"]");
    }

    @Test
    void dryRunThenDeployWithProgressAsServerSentEvents() throws Exception {
        api.post("/api/workspace/import", ApiServerTest.EGRESS);

        ApiClient.Reply diff = api.get("/api/cluster/diff");
        assertThat(diff.body()).contains("\"action\":\"create\"").contains("\"name\":\"httpbin-80\"");

        ApiClient.Reply dry = api.post("/api/cluster/deploy", "{\"dryRun\":true}");
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.json()).containsEntry("outcome", "planned");
        assertThat(egressCount()).isZero();

        ApiClient.Reply started = api.post("/api/cluster/deploy", "{\"dryRun\":false,\"enableEgressPolicy\":true}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String eventsUrl = (String) started.json().get("eventsUrl");

        HttpResponse<String> sse = api.http()
                .send(
                        api.request(eventsUrl)
                                .header("Accept", "text/event-stream")
                                .timeout(Duration.ofSeconds(30))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(sse.headers().firstValue("Content-Type"))
                .as(sse.statusCode() + " " + sse.headers() + sse.body())
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(sse.body())
                .contains("event: applied")
                .contains("created Egress curl/httpbin-80")
                .contains("event: mesh_config")
                .contains("event: done");

        ApiClient.Reply job = api.get("/api/cluster/deploys/" + started.json().get("id"));
        assertThat(job.json()).containsEntry("state", "done").containsEntry("outcome", "applied");
        assertThat(egressCount()).isEqualTo(1);
    }

    @Test
    void anInterruptedDeployIsReportedAndBlocksDeploysUntilRolledBack() throws Exception {
        api.post("/api/workspace/import", ApiServerTest.EGRESS);
        assertThat(api.get("/api/cluster/journal").json()).containsEntry("journal", Map.of());
        // a deploy whose process was killed after its first write
        DeployJournal journal = new DeployJournal(DeployJournal.defaultFolder(), cluster.url());
        journal.begin(
                new DeployService(cluster.client()).plan(workspace.all(), true).writes(), false);
        api.post("/api/cluster/deploy", "{\"dryRun\": true}");
        cluster.client()
                .genericKubernetesResources(ServedResources.EGRESS.context())
                .inNamespace("curl")
                .load(new java.io.ByteArrayInputStream(ApiServerTest.EGRESS.getBytes()))
                .create();
        try {
            Map<String, Object> reported = api.get("/api/cluster/journal").json();
            assertThat(reported.get("journal")).asString().contains("changes=1").contains("pid=");
            ApiClient.Reply refused = api.post("/api/cluster/deploy", "{\"dryRun\": false}");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body()).contains("interrupted-deploy").contains("/api/cluster/journal/rollback");

            ApiClient.Reply rolledBack = api.post("/api/cluster/journal/rollback", "");
            assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(200);
            assertThat(rolledBack.json()).containsEntry("outcome", "rolled_back");
            assertThat(cluster.client()
                            .genericKubernetesResources(ServedResources.EGRESS.context())
                            .inAnyNamespace()
                            .list()
                            .getItems())
                    .isEmpty();
            assertThat(api.get("/api/cluster/journal").json()).containsEntry("journal", Map.of());
            assertThat(api.post("/api/cluster/journal/rollback", "").status()).isEqualTo(404);
        } finally {
            journal.end();
        }
    }

    @Test
    void aWorkspaceWithErrorsIsRefusedWithItsDiagnostics() throws Exception {
        api.post("/api/workspace/import?file=bad.yaml", ApiServerTest.EGRESS.replace("number: 80", "number: 0"));
        ApiClient.Reply r = api.post("/api/cluster/deploy", "{\"dryRun\":false}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json()).containsEntry("type", "invalid-workspace");
        Map<?, ?> detail = (Map<?, ?>) ((List<?>) r.json().get("details")).get(0);
        assertThat(detail.get("file")).isEqualTo("bad.yaml");
        assertThat(detail.get("field")).isEqualTo("spec.ports[0].number");
        assertThat(detail.get("code")).isNotNull();
        assertThat(egressCount()).isZero();
    }

    @Test
    void importFromTheClusterLeavesOutWhatTheServerAdded() throws Exception {
        api.post("/api/workspace/import", ApiServerTest.EGRESS);
        api.post("/api/cluster/deploy", "{\"dryRun\":false}");
        awaitEgresses(1);
        workspace.clear();

        ApiClient.Reply r = api.post("/api/cluster/import", "");
        assertThat(r.json()).containsEntry("imported", 1);
        String yaml = api.get("/api/workspace/export").body();
        assertThat(yaml).contains("name: httpbin-80").doesNotContain("uid:").doesNotContain("resourceVersion");
    }

    private int egressCount() {
        return cluster.client()
                .genericKubernetesResources(ServedResources.EGRESS.context())
                .inAnyNamespace()
                .list()
                .getItems()
                .size();
    }

    private void awaitEgresses(int n) throws Exception {
        Await.until(n + " Egress policies are in the cluster", Duration.ofSeconds(60), () -> egressCount() >= n);
        assertThat(egressCount()).isEqualTo(n);
    }
}
