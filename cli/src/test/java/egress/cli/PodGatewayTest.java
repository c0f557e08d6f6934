package egress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.EmbeddedCluster;
import egress.enforcer.Enforcer;
import egress.enforcer.config.EnforcerConfig;
import egress.enforcer.upstreams.Upstreams;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway of issue 12 end to end: {@code egress cluster}'s embedded cluster holds two pods whose
 * {@code status.podIPs} are loopback aliases, and {@code egress enforce --kubeconfig F --identity-from pod-ip}
 * judges curl by the address it connects from ({@code --interface}).
 */
class PodGatewayTest {
    @TempDir
    Path dir;

    @Test
    void eachPodAddressIsJudgedByItsOwnPodsPolicyAndADeletedPodsAddressIsRefused() throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start("127.0.0.1", 0, true);
                Upstreams upstreams = Upstreams.start("127.0.0.1", 0, -1, -1)) {
            egress(cluster, "curl", "curl", "httpbin.org");
            egress(cluster, "other", "other", "example.org");
            pod(cluster, "curl", "curl-a", "curl", "127.0.0.2");
            pod(cluster, "other", "other-b", "other", "127.0.0.3");
            int http = upstreams.httpPort();
            List<String> accessLog = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            try (Enforcer enforcer = Enforcer.start(
                    EnforcerConfig.parse(List.of(
                            "--kubeconfig",
                            cluster.writeKubeconfig(dir.resolve("kubeconfig")).toString(),
                            "--identity-from",
                            "pod-ip",
                            "--listen",
                            "127.0.0.1:0",
                            "--admin",
                            "127.0.0.1:0",
                            "--connect-to",
                            "httpbin.org:80:127.0.0.1:" + http,
                            "--connect-to",
                            "example.org:80:127.0.0.1:" + http)),
                    new egress.enforcer.observe.AccessLog(accessLog::add))) {
                String proxy = "http://127.0.0.1:" + enforcer.proxyPorts().get(0);
                String ready =
                        "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:" + enforcer.adminPort() + "/ready";
                await(() -> sh(ready).equals("200"));
                await(enforcer.pods()::watching);
                assertThat(sh(curl("127.0.0.2", proxy, "http://httpbin.org/get")))
                        .as("%s", accessLog)
                        .isEqualTo("200");
                assertThat(sh(curl("127.0.0.2", proxy, "http://example.org/get")))
                        .isEqualTo("404");
                assertThat(sh(curl("127.0.0.3", proxy, "http://example.org/get")))
                        .isEqualTo("200");
                assertThat(sh(curl("127.0.0.9", proxy, "http://httpbin.org/get")))
                        .as("no pod")
                        .isEqualTo("000");

                cluster.client().pods().inNamespace("curl").withName("curl-a").delete();
                await(() ->
                        sh(curl("127.0.0.2", proxy, "http://httpbin.org/get")).equals("000"));
            }
        }
    }

    private static String curl(String from, String proxy, String url) {
        return "curl -s -o /dev/null -w '%{http_code}' --interface " + from + " -x " + proxy + " " + url;
    }

    private static String sh(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command)
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(command).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    /** As {@code kubectl create namespace NS} and {@code osm namespace add NS} do. */
    private static void egress(EmbeddedCluster cluster, String ns, String sa, String host) {
        cluster.client()
                .namespaces()
                .resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .addToLabels("openservicemesh.io/monitored-by", "osm")
                        .endMetadata()
                        .build())
                .create();
        ResourceDefinitionContext kind = new ResourceDefinitionContext.Builder()
                .withGroup("policy.openservicemesh.io")
                .withVersion("v1alpha1")
                .withKind("Egress")
                .withPlural("egresses")
                .withNamespaced(true)
                .build();
        cluster.client()
                .genericKubernetesResources(kind)
                .inNamespace(ns)
                .resource(cluster.client()
                        .getKubernetesSerialization()
                        .unmarshal("""
                        kind: Egress
                        apiVersion: policy.openservicemesh.io/v1alpha1
                        metadata: {name: %3$s, namespace: %1$s}
                        spec:
                          sources: [{kind: ServiceAccount, name: %2$s, namespace: %1$s}]
                          hosts: [%3$s]
                          ports: [{number: 80, protocol: http}]
                        """.formatted(ns, sa, host), GenericKubernetesResource.class))
                .create();
    }

    private static void pod(EmbeddedCluster cluster, String ns, String name, String sa, String ip) {
        cluster.client()
                .pods()
                .inNamespace(ns)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withNamespace(ns)
                        .withName(name)
                        .endMetadata()
                        .withNewSpec()
                        .withServiceAccountName(sa)
                        .addNewContainer()
                        .withName("c")
                        .withImage("curl")
                        .endContainer()
                        .endSpec()
                        .withNewStatus()
                        .withPhase("Running")
                        .withPodIP(ip)
                        .addNewPodIP(ip)
                        .endStatus()
                        .build())
                .create();
        assertThat(cluster.client()
                        .pods()
                        .inNamespace(ns)
                        .withName(name)
                        .get()
                        .getStatus()
                        .getPodIPs())
                .as("the pod's addresses are stored")
                .extracting(io.fabric8.kubernetes.api.model.PodIP::getIp)
                .containsExactly(ip);
    }

    private static void await(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.call()) {
            assertThat(System.nanoTime()).as("condition met within 20 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
