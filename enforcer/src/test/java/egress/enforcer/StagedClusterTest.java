package egress.enforcer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import egress.cluster.watch.ClusterManifests;
import egress.enforcer.config.EnforcerConfig;
import egress.enforcer.observe.AccessLog;
import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.Await;
import egress.fixtures.Curl;
import egress.fixtures.GuideManifests;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --staged-kubeconfig FILE [--staged-context NAME]}: the staged set is a staging cluster's policy objects,
 * followed live, decided beside the live files; the live set alone is enforced.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class StagedClusterTest {
    KubernetesClient client;

    @TempDir
    Path dir;

    @Test
    void aStagingClustersEgressIsDecidedBesideTheLiveFilesAndFollowed() throws Exception {
        Path live = Files.writeString(dir.resolve("live.yaml"), GuideManifests.HTTPBIN_80);
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: staging, cluster: {server: "%s"}}]
                users: [{name: test, user: {token: any}}]
                contexts: [{name: staging, context: {cluster: staging, user: test}}, {name: other, context: {cluster: staging}}]
                current-context: other
                """.formatted(client.getMasterUrl()));
        create(GuideManifests.httpbin80("httpbin.org", "example.org"));
        List<String> lines = new CopyOnWriteArrayList<>();
        try (Upstreams up = Upstreams.start("127.0.0.1", 0, -1, -1);
                Enforcer e = Enforcer.start(
                        EnforcerConfig.parse(List.of(
                                "-f",
                                live.toString(),
                                "--staged-kubeconfig",
                                kubeconfig.toString(),
                                "--staged-context",
                                "staging",
                                "--identity",
                                "curl/curl",
                                "--listen",
                                "127.0.0.1:0",
                                "--connect-to",
                                "::127.0.0.1:" + up.httpPort())),
                        new AccessLog(lines::add))) {
            String proxy = "http://127.0.0.1:" + e.proxyPorts().get(0);
            Await.until("the staged cluster's Egress is decided beside the live set", Duration.ofSeconds(60), () -> {
                assertThat(Curl.status("-x", proxy, "http://example.org/get"))
                        .as("only the live set is enforced")
                        .isEqualTo("404");
                return lines.stream()
                        .anyMatch(
                                l -> l.contains("\"host\":\"example.org\"")
                                        && l.contains(
                                                "\"staged\":{\"verdict\":\"allow\",\"signal\":\"forwarded\",\"policy\":\"curl/httpbin-80\""));
            });

            // an edit in the staging cluster reaches the staged set: example.org refused there too, so no disagreement
            client.genericKubernetesResources(kind())
                    .inNamespace("curl")
                    .withName("httpbin-80")
                    .delete();
            create(GuideManifests.HTTPBIN_80);
            Await.until("the staging cluster's edit is followed", Duration.ofSeconds(60), () -> {
                lines.clear();
                Curl.status("-x", proxy, "http://example.org/get");
                return lines.size() == 1 && !lines.get(0).contains("staged");
            });
        }
    }

    @Test
    void aStagedContextNeedsItsKubeconfigAndOneStagedSetAtMost() {
        assertThatThrownBy(() -> EnforcerConfig.parse(
                        List.of("-f", "x.yaml", "--staged-context", "staging", "--identity", "curl/curl")))
                .hasMessageContaining("--staged-context needs --staged-kubeconfig FILE");
        assertThatThrownBy(() -> EnforcerConfig.parse(List.of(
                        "-f",
                        "x.yaml",
                        "--staged",
                        dir.toString(),
                        "--staged-kubeconfig",
                        "k",
                        "--identity",
                        "curl/curl")))
                .hasMessageContaining("exclude each other");
    }

    private void create(String yaml) {
        client.genericKubernetesResources(kind())
                .inNamespace("curl")
                .resource(client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class))
                .create();
    }

    private static io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext kind() {
        return ClusterManifests.KINDS.stream()
                .filter(k -> k.getKind().equals("Egress"))
                .findFirst()
                .orElseThrow();
    }
}
