package egress.cluster.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The guide's kubectl commands, run with the real kubectl against the embedded cluster, in the guide's order. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedClusterKubectlTest {
    static final String EGRESS_80 = """
            kind: Egress
            apiVersion: policy.openservicemesh.io/v1alpha1
            metadata:
              name: httpbin-80
              namespace: curl
            spec:
              sources:
              - kind: ServiceAccount
                name: curl
                namespace: curl
              hosts:
              - %s
              ports:
              - number: 80
                protocol: http
            """;

    @TempDir
    static Path dir;

    static EmbeddedCluster cluster;
    static Kubectl kubectl;

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        Path cache = dir.resolve("cache");
        kubectl = new Kubectl(cluster.writeKubeconfig(dir.resolve("kubeconfig")), cache);
        cache.toFile().mkdirs();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    @Order(1)
    void patchTurnsOnTheEgressPolicyFlagWithoutTouchingTheRestOfTheMeshConfig() throws Exception {
        Kubectl.require();
        Kubectl.Result before = kubectl.run(
                null,
                "get",
                "meshconfig",
                "osm-mesh-config",
                "-n",
                "osm-system",
                "-o",
                "jsonpath={.spec.featureFlags.enableEgressPolicy}");
        assertThat(before.stdout()).as(before.output()).isEqualTo("false");

        Kubectl.Result patch = kubectl.run(
                null,
                "patch",
                "meshconfig",
                "osm-mesh-config",
                "-n",
                "osm-system",
                "-p",
                "{\"spec\":{\"featureFlags\":{\"enableEgressPolicy\":true}}}",
                "--type=merge");
        assertThat(patch.exitCode()).as(patch.output()).isZero();
        assertThat(patch.stdout()).contains("meshconfig.config.openservicemesh.io/osm-mesh-config patched");

        Kubectl.Result after = kubectl.run(
                null,
                "get",
                "meshconfig",
                "osm-mesh-config",
                "-n",
                "osm-system",
                "-o",
                "jsonpath={.spec.featureFlags.enableEgressPolicy} {.spec.traffic.enableEgress}");
        assertThat(after.stdout()).isEqualTo("true false");
    }

    @Test
    @Order(2)
    void applyCreatesThenReplacesTheHostList() throws Exception {
        Kubectl.require();
        Path file = dir.resolve("egress.yaml");
        Files.writeString(file, EGRESS_80.formatted("github.com"));
        Kubectl.Result created = kubectl.run(null, "apply", "-f", file.toString());
        assertThat(created.exitCode()).as(created.output()).isZero();
        assertThat(created.stdout()).contains("egress.policy.openservicemesh.io/httpbin-80 created");

        Files.writeString(file, EGRESS_80.formatted("api.github.com"));
        Kubectl.Result configured = kubectl.run(null, "apply", "-f", file.toString());
        assertThat(configured.exitCode()).as(configured.output()).isZero();
        assertThat(configured.stdout()).contains("egress.policy.openservicemesh.io/httpbin-80 configured");

        Kubectl.Result hosts =
                kubectl.run(null, "get", "egress", "httpbin-80", "-n", "curl", "-o", "jsonpath={.spec.hosts}");
        assertThat(hosts.stdout()).isEqualTo("[\"api.github.com\"]");
    }

    @Test
    @Order(3)
    void applyFromStdinAsInTheGuide() throws Exception {
        Kubectl.require();
        Kubectl.Result r = kubectl.run(
                EGRESS_80.formatted("httpbin.org").replace("httpbin-80", "httpbin-stdin"), "apply", "-f", "-");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.stdout()).contains("httpbin-stdin created");
    }

    @Test
    @Order(4)
    void getAllNamespacesListsTheEgresses() throws Exception {
        Kubectl.require();
        Kubectl.Result r = kubectl.run(null, "get", "egresses", "-A");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.stdout())
                .startsWith("NAMESPACE")
                .contains("curl        httpbin-80")
                .contains("httpbin-stdin");
    }

    @Test
    @Order(5)
    void deleteRemovesTheEgress() throws Exception {
        Kubectl.require();
        Kubectl.Result r = kubectl.run(null, "delete", "egress", "httpbin-80", "-n", "curl");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.stdout()).contains("egress.policy.openservicemesh.io \"httpbin-80\" deleted");

        Kubectl.Result byFile =
                kubectl.run(EGRESS_80.formatted("x").replace("httpbin-80", "httpbin-stdin"), "delete", "-f", "-");
        assertThat(byFile.exitCode()).as(byFile.output()).isZero();

        Kubectl.Result list = kubectl.run(null, "get", "egresses", "-n", "curl");
        assertThat(list.output()).contains("No resources found in curl namespace.");
    }
}
