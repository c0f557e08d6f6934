package egress.enforcer;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.watch.ClusterManifests;
import egress.enforcer.config.EnforcerConfig;
import egress.enforcer.config.KubernetesPolicySource;
import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.Await;
import egress.fixtures.Curl;
import egress.fixtures.GuideManifests;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code egress enforce --kubeconfig FILE} against the fabric8 mock API server: the real enforcer, its
 * informers and real curl through the proxy to a built-in upstream, while the test edits the cluster.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterEnforcerTest {
    private static final String EGRESS = GuideManifests.HTTPBIN_80;
    KubernetesClient client;
    KubernetesMockServer server;

    @TempDir
    Path dir;

    private Upstreams upstreams;
    private Enforcer enforcer;
    private String proxy;
    private String admin;

    @BeforeEach
    void start() throws Exception {
        upstreams = Upstreams.start("127.0.0.1", 0, -1, -1);
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: test, user: {token: any}}]
                contexts: [{name: mock, context: {cluster: mock, user: test}}, {name: other, context: {cluster: mock}}]
                current-context: other
                """.formatted(client.getMasterUrl()));
        enforcer = Enforcer.start(EnforcerConfig.parse(List.of(
                "--kubeconfig",
                kubeconfig.toString(),
                "--context",
                "mock",
                "--identity",
                "curl/curl",
                "--listen",
                "127.0.0.1:0",
                "--admin",
                "127.0.0.1:0",
                "--connect-to",
                "httpbin.org:80:127.0.0.1:" + upstreams.httpPort())));
        proxy = "http://127.0.0.1:" + enforcer.proxyPorts().get(0);
        admin = "http://127.0.0.1:" + enforcer.adminPort();
    }

    @AfterEach
    void stop() {
        enforcer.close();
        upstreams.close();
    }

    @Test
    @DisplayName("an Egress created in the cluster allows, deleting it refuses again, a broken edit leaves it out")
    void followsEgressInTheCluster() throws Exception {
        awaitTrue(() -> status(admin + "/ready").equals("200"));
        assertThat(enforcer.policies().get().version()).isEqualTo(1);
        awaitWatching();
        assertThat(curlExit()).as("no Egress yet: refused").isEqualTo(52);

        egresses().inNamespace("curl").resource(parse(EGRESS)).create();
        awaitTrue(() -> enforcer.policies().get().version() == 2);
        assertThat(Curl.run("-s", "-o", "/dev/null", "-w", "%{http_code}", "-x", proxy, "http://httpbin.org/get")
                        .out())
                .isEqualTo("200");

        egresses().inNamespace("curl").withName("httpbin-80").edit(e -> {
            e.setAdditionalProperty(
                    "spec",
                    Map.of(
                            "sources",
                            List.of(Map.of("kind", "ServiceAccount", "name", "curl", "namespace", "curl")),
                            "hosts",
                            List.of("example.org"),
                            "ports",
                            List.of(Map.of("number", "eighty"))));
            return e;
        });
        awaitTrue(() -> metrics().contains("egress_policy_rejected_objects 1\n"));
        assertThat(enforcer.policies().get().version())
                .as("the rest is loaded without the broken object")
                .isEqualTo(3);
        assertThat(curlExit())
                .as("the broken Egress is left out: refused, never more than the policies allow")
                .isEqualTo(52);
        assertThat(Curl.run("-s", admin + "/ready").out())
                .startsWith("ready\n")
                .contains("skipped: Egress/curl/httpbin-80 would not be admitted: spec.ports[0]");

        egresses().inNamespace("curl").withName("httpbin-80").delete();
        awaitTrue(() -> enforcer.policies().get().version() == 4);
        assertThat(curlExit()).as("Egress deleted: refused again").isEqualTo(52);
        assertThat(status(admin + "/ready")).isEqualTo("200");
        assertThat(metrics()).contains("egress_policy_rejected_objects 0\n");
    }

    @Test
    @DisplayName("one object that would not be admitted does not hold back later changes, revocations included")
    void aBadObjectIsSkippedAndLaterChangesStillApply() throws Exception {
        awaitTrue(() -> enforcer.policies().get().version() == 1);
        awaitWatching();
        egresses().inNamespace("curl").resource(parse(EGRESS)).create();
        awaitTrue(() -> status("-x", proxy, "http://httpbin.org/get").equals("200"));
        egresses()
                .inNamespace("curl")
                .resource(parse(
                        EGRESS.replace("name: httpbin-80", "name: broken").replace("number: 80", "number: eighty")))
                .create();
        awaitTrue(() -> metrics().contains("egress_policy_rejected_objects 1\n"));
        assertThat(status("-x", proxy, "http://httpbin.org/get"))
                .as("the good Egress still applies")
                .isEqualTo("200");

        egresses().inNamespace("curl").withName("httpbin-80").delete();
        awaitTrue(() -> curlExit() == 52); // the revocation arrives although the broken object is still there
        assertThat(metrics())
                .contains(
                        "egress_policy_rejected_objects 1\n",
                        "egress_policy_snapshot_stale 0\n",
                        "egress_policy_watch_up{kind=\"egresses\"} 1\n")
                .containsPattern("egress_policy_snapshot_age_seconds \\d+\n");
        assertThat(status(admin + "/ready")).isEqualTo("200");
    }

    @Test
    @DisplayName("a broken watch makes /ready 503 with the reason, and shows in the metrics")
    void aBrokenWatchIsNotReady() throws Exception {
        awaitTrue(() -> status(admin + "/ready").equals("200"));
        awaitWatching();
        server.shutdown();
        awaitTrue(() -> status(admin + "/ready").equals("503"));
        assertThat(Curl.run("-s", admin + "/ready").out()).contains("is down");
        assertThat(metrics()).contains("egress_policy_watch_up{kind=\"egresses\"} 0\n");
        assertThat(status(admin + "/live"))
                .as("liveness does not depend on the cluster")
                .isEqualTo("200");
    }

    @Test
    @DisplayName("route groups and namespaces from the cluster take part in the decision")
    void followsRouteGroups() throws Exception {
        awaitTrue(() -> enforcer.policies().get().version() == 1);
        awaitWatching();
        resources("HTTPRouteGroup").inNamespace("curl").resource(parse("""
                apiVersion: specs.smi-spec.io/v1alpha4
                kind: HTTPRouteGroup
                metadata: {name: routes, namespace: curl}
                spec:
                  matches: [{name: get, pathRegex: /get, methods: [GET]}]
                """)).create();
        egresses()
                .inNamespace("curl")
                .resource(parse(EGRESS.replace("ports: [{number: 80, protocol: http}]", """
                ports: [{number: 80, protocol: http}]
                  matches: [{apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: routes}]""")))
                .create();
        awaitTrue(() -> status("-x", proxy, "http://httpbin.org/get").equals("200"));
        assertThat(status("-x", proxy, "http://httpbin.org/headers"))
                .as("outside the route group")
                .isEqualTo("404");
    }

    private MixedOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            egresses() {
        return resources("Egress");
    }

    private MixedOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            resources(String kind) {
        ResourceDefinitionContext ctx = ClusterManifests.KINDS.stream()
                .filter(k -> k.getKind().equals(kind))
                .findFirst()
                .orElseThrow();
        return client.genericKubernetesResources(ctx);
    }

    private GenericKubernetesResource parse(String yaml) {
        return client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
    }

    private int curlExit() throws Exception {
        return Curl.run("-s", "-o", "/dev/null", "-x", proxy, "http://httpbin.org/get")
                .exit();
    }

    private static String status(String... urlAndOptions) throws Exception {
        return Curl.status(urlAndOptions);
    }

    private String metrics() throws Exception {
        return Curl.run("-s", admin + "/metrics").out();
    }

    /** Changes made before the informers' watches are open are not guaranteed to reach them on the mock server. */
    private void awaitWatching() throws Exception {
        awaitTrue(((KubernetesPolicySource) enforcer.policies())::watching);
    }

    private static void awaitTrue(Callable<Boolean> condition) throws Exception {
        Await.until("the enforcer follows the cluster", Duration.ofSeconds(60), condition::call);
    }
}
