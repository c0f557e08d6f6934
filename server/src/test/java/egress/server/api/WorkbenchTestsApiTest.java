package egress.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.policy.yaml.ManifestReader;
import egress.server.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/tests} runs against the workspace as edited: a file the test names that the workspace holds is
 * read from the workspace (an edit saved through the page but not to disk counts), and posting the same test again
 * before the next edit runs nothing.
 */
class WorkbenchTestsApiTest {
    static final String TEST = """
            apiVersion: egress.designer/v1
            kind: EgressTest
            metadata: {name: httpbin}
            resourceFiles: [policies/egress.yaml]
            cases:
            - name: httpbin.org is allowed on 80
              request: {from: curl/curl, curl: "curl -sI http://httpbin.org:80/get"}
              expect: {verdict: allow}
            """;

    static EmbeddedCluster cluster;

    @TempDir
    Path root;

    ApiServer server;
    ApiClient api;
    Workspace workspace;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(root.resolve("policies"));
        Files.writeString(root.resolve("policies/egress.yaml"), ApiServerTest.EGRESS);
        // as egress serve ROOT loads it: every file of the folder, each object in its file
        workspace = new Workspace(Workspace.folderOf(List.of(root)));
        workspace.load(ManifestReader.read(root));
        server = ApiServer.start("127.0.0.1", 0, workspace, ClusterConnection.embedded(cluster));
        api = new ApiClient(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Map<String, Object> run() throws Exception {
        ApiClient.Reply r = api.post("/api/tests?file=httpbin-test.yaml", TEST);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void anEditSavedThroughThePageButNotToDiskChangesTheOutcome() throws Exception {
        assertThat(run()).containsEntry("passed", 1).containsEntry("failed", 0);

        // the page puts the edited object, which stays in its file; nothing is written to disk until Save
        ApiClient.Reply put = api.put(
                "/api/workspace/resources/Egress/curl/httpbin-80",
                ApiServerTest.EGRESS.replace("httpbin.org", "example.org"));
        assertThat(put.status()).as(put.body()).isEqualTo(200);

        Map<String, Object> edited = run();
        assertThat(edited).containsEntry("passed", 0).containsEntry("failed", 1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cases = (List<Map<String, Object>>) edited.get("cases");
        assertThat(cases.get(0).get("failures")).asList().containsExactly("verdict should be allow, got deny");
        assertThat(Files.readString(root.resolve("policies/egress.yaml"))).isEqualTo(ApiServerTest.EGRESS);
    }

    @Test
    void aRepeatedRunWithNothingChangedDoesNoWork() throws Exception {
        Map<String, Object> first = run();
        long runs = workspace.workbench().testRuns();

        Map<String, Object> again = run();

        assertThat(again).isEqualTo(first);
        assertThat(runs).isEqualTo(1);
        assertThat(workspace.workbench().testRuns()).isEqualTo(runs);

        api.put(
                "/api/workspace/resources/Egress/curl/httpbin-80",
                ApiServerTest.EGRESS.replace("httpbin.org", "example.org"));
        run();
        assertThat(workspace.workbench().testRuns()).as("an edit runs it again").isEqualTo(2);
    }

    @Test
    void anObjectDeletedFromTheWorkspaceIsGoneFromItsFileToo() throws Exception {
        Files.writeString(
                root.resolve("policies/egress.yaml"),
                ApiServerTest.EGRESS + "---\n"
                        + ApiServerTest.EGRESS.replace("httpbin-80", "other").replace("httpbin.org", "other.example"));
        workspace.clear();
        workspace.load(ManifestReader.read(root));

        assertThat(api.delete("/api/workspace/resources/Egress/curl/httpbin-80").status())
                .isEqualTo(204);

        assertThat(run()).containsEntry("passed", 0).containsEntry("failed", 1);
    }
}
