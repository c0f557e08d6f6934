package egress.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.policy.vocab.FieldOrder;
import egress.policy.vocab.Templates;
import egress.server.workspace.Workspace;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text the server keeps for each object is the one the page shows and the one saved: a form edit (JSON) is
 * written as every designer writes it, with its field positions; typed YAML is kept as typed; save writes it.
 */
class WorkspaceTextApiTest {
    @TempDir
    Path folder;

    EmbeddedCluster cluster;
    Workspace workspace;
    ApiServer server;
    ApiClient api;

    @BeforeEach
    void start() {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        workspace = new Workspace(folder);
        server = ApiServer.start("127.0.0.1", 0, workspace, ClusterConnection.embedded(cluster));
        api = new ApiClient(server);
    }

    @AfterEach
    void stop() {
        server.close();
        cluster.close();
    }

    ApiClient.Reply putJson(String path, Object content) throws Exception {
        return api.send(api.request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(ApiClient.json(content))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFormEditIsWrittenWithItsPositionsAndSavedAsShown() throws Exception {
        Map<String, Object> egress = Templates.egress("httpbin-80", "curl");
        ((Map<String, Object>) egress.get("spec")).put("hosts", List.of("httpbin.org"));
        ApiClient.Reply put = putJson("/api/workspace/resources/Egress/curl/httpbin-80", egress);
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        String text = (String) put.json().get("text");
        assertThat(text).isEqualTo(FieldOrder.write(egress).text());
        Map<String, Map<String, Integer>> positions =
                (Map<String, Map<String, Integer>>) put.json().get("positions");
        Map<String, Integer> host = positions.get("spec.hosts[0]");
        assertThat(text.split("\n")[host.get("line") - 1].substring(host.get("column") - 1))
                .isEqualTo("httpbin.org");
        assertThat(put.json()).containsEntry("file", "egress-httpbin-80.yaml");
        assertThat(api.get("/api/workspace/resources/Egress/curl/httpbin-80")
                        .json()
                        .get("text"))
                .isEqualTo(text);

        ApiClient.Reply saved = api.post("/api/workspace/save", "");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().get("saved")).isEqualTo(List.of("egress-httpbin-80.yaml"));
        assertThat(Files.readString(folder.resolve("egress-httpbin-80.yaml"))).isEqualTo(text);
        assertThat(api.post("/api/workspace/save", "").json().get("saved")).isEqualTo(List.of());
    }

    @Test
    void twoObjectsOfOneFileAreSavedTogetherAndAFileWithNoneLeftIsRemoved() throws Exception {
        Files.writeString(folder.resolve("both.yaml"), "");
        String routes = """
                apiVersion: specs.smi-spec.io/v1alpha4
                kind: HTTPRouteGroup
                metadata: {name: r, namespace: curl}
                spec:
                  matches: [{name: get, pathRegex: /get}]  # typed, kept
                """;
        assertThat(api.put("/api/workspace/resources/HTTPRouteGroup/curl/r?file=both.yaml", routes)
                        .status())
                .isEqualTo(201);
        assertThat(putJson("/api/workspace/resources/Egress/curl/e?file=both.yaml", Templates.egress("e", "curl"))
                        .status())
                .isEqualTo(201);
        api.post("/api/workspace/save", "");
        assertThat(Files.readString(folder.resolve("both.yaml")))
                .isEqualTo(routes + "---\n"
                        + FieldOrder.write(Templates.egress("e", "curl")).text());

        api.delete("/api/workspace/resources/HTTPRouteGroup/curl/r");
        api.delete("/api/workspace/resources/Egress/curl/e");
        assertThat(api.post("/api/workspace/save", "").json().get("saved")).isEqualTo(List.of("both.yaml"));
        assertThat(folder.resolve("both.yaml")).doesNotExist();
    }

    @Test
    void aFileOutsideTheFolderIsNeverWritten() throws Exception {
        ApiClient.Reply put =
                putJson("/api/workspace/resources/Egress/curl/e?file=../escape.yaml", Templates.egress("e", "curl"));
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.json().get("file")).isEqualTo("egress-e.yaml");
        api.post("/api/workspace/save", "");
        assertThat(folder.resolveSibling("escape.yaml")).doesNotExist();
        assertThat(folder.resolve("egress-e.yaml")).exists();
    }
}
