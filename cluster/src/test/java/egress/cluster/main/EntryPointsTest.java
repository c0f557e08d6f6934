package egress.cluster.main;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.EmbeddedCluster;
import egress.cluster.kube.ServedResources;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain-Java entry points the cli's cluster and deploy commands call. */
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
        return DeployMain.deploy(
                List.of(file),
                dryRun,
                true,
                kubeconfig,
                null,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void deployPrintsThePlanOnADryRunThenAppliesThroughTheKubeconfig() throws Exception {
        Path file = Files.writeString(dir.resolve("egress.yaml"), EGRESS);
        try (EmbeddedCluster cluster = ClusterMain.start(0, dir.resolve("kubeconfig"), false)) {
            assertThat(deploy(file, true, dir.resolve("kubeconfig")))
                    .as(err.toString())
                    .isEqualTo(DeployMain.OK);
            assertThat(out.toString())
                    .contains("create Egress curl/httpbin-80")
                    .contains("# enableEgressPolicy is off");

            out.reset();
            assertThat(deploy(file, false, dir.resolve("kubeconfig")))
                    .as(err.toString())
                    .isEqualTo(DeployMain.OK);
            assertThat(out.toString())
                    .contains(
                            "[1/2] created Egress curl/httpbin-80",
                            "[2/2] enableEgressPolicy switched on",
                            "# applied 1 change(s)");
            assertThat(cluster.client()
                            .genericKubernetesResources(ServedResources.EGRESS.context())
                            .inNamespace("curl")
                            .withName("httpbin-80")
                            .get())
                    .isNotNull();
        }
    }

    @Test
    void deployOfARejectedFileAppliesNothingAndSaysWhere() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), EGRESS.replace("number: 80", "number: 0"));
        try (EmbeddedCluster cluster = ClusterMain.start(0, dir.resolve("kubeconfig"), false)) {
            assertThat(deploy(file, false, dir.resolve("kubeconfig"))).isEqualTo(DeployMain.REJECTED);
            assertThat(err.toString())
                    .contains(file + ":7:")
                    .contains("spec.ports[0].number")
                    .contains("nothing was deployed: 1 error(s)");
        }
    }
}
