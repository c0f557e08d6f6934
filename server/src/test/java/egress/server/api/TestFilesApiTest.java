package egress.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.server.workspace.Workspace;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /api/tests}: the files a posted test names are read only from inside the workspace folder, only
 * regular files of bounded size, and no error quotes what a file holds; the test's own name stays a bare name.
 */
class TestFilesApiTest {
    static final String SECRET = "s3cret-marker-that-must-never-come-back";

    @TempDir
    static Path dir;

    static Path root;
    static EmbeddedCluster cluster;
    static ApiServer server;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(dir.resolve("workspace"));
        Files.writeString(root.resolve("egress.yaml"), ApiServerTest.EGRESS);
        Files.createDirectories(root.resolve("sub"));
        // outside the workspace: YAML whose parse error would quote the secret, were it ever read
        Files.writeString(dir.resolve("outside.yaml"), "key: [" + SECRET + "\n");
        Files.createSymbolicLink(root.resolve("link.yaml"), dir.resolve("outside.yaml"));
        Files.createSymbolicLink(root.resolve("zero.yaml"), Path.of("/dev/zero"));
        Files.writeString(root.resolve("huge.yaml"), "# " + "x".repeat((int) ApiServer.MAX_BODY_BYTES) + "\n");
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        server = ApiServer.start("127.0.0.1", 0, new Workspace(root), ClusterConnection.embedded(cluster));
        api = new ApiClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
        cluster.close();
    }

    static String test(String resourceFile) {
        return """
                apiVersion: egress.designer/v1
                kind: EgressTest
                metadata: {name: files}
                resourceFiles: ["%s"]
                cases:
                - name: allowed
                  request: {from: curl/curl, curl: "curl -sI http://httpbin.org:80/get"}
                  expect: {verdict: allow}
                """.formatted(resourceFile);
    }

    @ParameterizedTest
    @ValueSource(strings = {"egress.yaml", "sub/../egress.yaml", "./egress.yaml"})
    void aFileInsideTheWorkspaceIsRead(String name) throws Exception {
        ApiClient.Reply r = api.post("/api/tests?file=t.yaml", test(name));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json()).containsEntry("passed", 1).containsEntry("failed", 0);
    }

    @Test
    void etcPasswdIsRefusedAndNotQuoted() throws Exception {
        ApiClient.Reply r = api.post("/api/tests?file=t.yaml", test("/etc/passwd"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("/etc/passwd").doesNotContain("root:").doesNotContain("/bin/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside.yaml", "sub/../../outside.yaml", "link.yaml"})
    void aFileOutsideTheWorkspaceIsRefusedEvenThroughDotsOrALink(String name) throws Exception {
        ApiClient.Reply r = api.post("/api/tests?file=t.yaml", test(name));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("outside the workspace folder").doesNotContain(SECRET);
    }

    @Test
    void devZeroIsRefusedWithoutBeingRead() throws Exception {
        ApiClient.Reply direct = api.post("/api/tests?file=t.yaml", test("/dev/zero"));
        assertThat(direct.status()).isEqualTo(400);
        ApiClient.Reply linked = api.post("/api/tests?file=t.yaml", test("zero.yaml"));
        assertThat(linked.status()).isEqualTo(400);
        assertThat(linked.body()).contains("zero.yaml");
    }

    @Test
    void aFolderIsNoRegularFile() throws Exception {
        ApiClient.Reply r = api.post("/api/tests?file=t.yaml", test("sub"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("not a regular file");
    }

    @Test
    void aFileOverTheLimitIsRefused() throws Exception {
        ApiClient.Reply r = api.post("/api/tests?file=t.yaml", test("huge.yaml"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body())
                .contains("larger than " + ApiServer.MAX_BODY_BYTES + " bytes")
                .doesNotContain("xxxx");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../t.yaml",
                "a/t.yaml",
                "a\\t.yaml",
                "..\\t.yaml",
                "..",
                ".",
                "C:t.yaml",
                "c:\\t.yaml",
                "t.yaml\0.txt",
                "t.yaml:stream",
                "/etc/t.yaml"
            })
    void theFileNameCannotLeaveItsFolder(String name) throws Exception {
        ApiClient.Reply r =
                api.post("/api/tests?file=" + URLEncoder.encode(name, StandardCharsets.UTF_8), test("egress.yaml"));
        assertThat(r.status()).as(name).isEqualTo(400);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> details = (List<Map<String, Object>>) r.json().get("details");
        assertThat(details).singleElement().satisfies(d -> assertThat(d).containsEntry("field", "file"));
    }

    @Test
    void withoutAWorkspaceFolderNoFileCanBeNamed() throws Exception {
        try (ApiServer bare = ApiServer.start("127.0.0.1", 0, new Workspace(), ClusterConnection.embedded(cluster))) {
            ApiClient.Reply r = new ApiClient(bare).post("/api/tests?file=t.yaml", test("egress.yaml"));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("no workspace folder");
        }
    }
}
