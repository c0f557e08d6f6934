package egress.server;

import static org.assertj.core.api.Assertions.assertThat;

import egress.server.cluster.EmbeddedCluster;
import egress.server.cluster.ServedResources;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain-Java entry points the cli's serve, cluster and deploy commands call. */
class EntryPointsTest {
    static final String EGRESS = """
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: httpbin-80, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [httpbin.org]
              ports: [{number: 80, protocol: http}]
            """;

    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int deploy(Path file, boolean dryRun, Path kubeconfig) {
        return DeployMain.deploy(List.of(file), dryRun, true, kubeconfig, null,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void deployPrintsThePlanOnADryRunThenAppliesThroughTheKubeconfig() throws Exception {
        Path file = Files.writeString(dir.resolve("egress.yaml"), EGRESS);
        try (EmbeddedCluster cluster = ClusterMain.start(0, dir.resolve("kubeconfig"), false)) {
            assertThat(deploy(file, true, dir.resolve("kubeconfig"))).as(err.toString()).isEqualTo(DeployMain.OK);
            assertThat(out.toString()).contains("create Egress curl/httpbin-80")
                    .contains("# enableEgressPolicy is off");

            out.reset();
            assertThat(deploy(file, false, dir.resolve("kubeconfig"))).as(err.toString()).isEqualTo(DeployMain.OK);
            assertThat(out.toString()).contains("[1/2] created Egress curl/httpbin-80",
                    "[2/2] enableEgressPolicy switched on", "# applied 1 change(s)");
            assertThat(cluster.client().genericKubernetesResources(ServedResources.EGRESS.context())
                    .inNamespace("curl").withName("httpbin-80").get()).isNotNull();
        }
    }

    @Test
    void deployOfARejectedFileAppliesNothingAndSaysWhere() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), EGRESS.replace("number: 80", "number: 0"));
        try (EmbeddedCluster cluster = ClusterMain.start(0, dir.resolve("kubeconfig"), false)) {
            assertThat(deploy(file, false, dir.resolve("kubeconfig"))).isEqualTo(DeployMain.REJECTED);
            assertThat(err.toString()).contains(file + ":7:").contains("spec.ports[0].number")
                    .contains("nothing was deployed: 1 error(s)");
        }
    }

    @Test
    void serveStartsAnEmbeddedClusterWhenNoRealOneIsNamed() throws Exception {
        Path workspace = Files.writeString(dir.resolve("egress.yaml"), EGRESS);
        ServerMain.Options o = new ServerMain.Options("127.0.0.1", 0, null, null, 0, dir.resolve("kc"),
                List.of(workspace));
        try (ServerMain.Running running = ServerMain.start(o)) {
            assertThat(running.cluster()).isNotNull();
            assertThat(Files.readString(dir.resolve("kc"))).contains("server: " + running.cluster().url());
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(running.api().url() + "/api/workspace/resources"))
                    .header("Authorization", "Bearer " + running.api().token()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).contains("\"name\":\"httpbin-80\"");
        }
    }
}
