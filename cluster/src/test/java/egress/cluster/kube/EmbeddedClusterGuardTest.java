package egress.cluster.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded cluster refuses what a web page or a stranger on this machine sends it: no token (401), any
 * Origin (403), bodies over 3 MiB (413); its own client, a kubeconfig it wrote, kubectl and watches keep working.
 */
class EmbeddedClusterGuardTest {
    static final String EGRESSES = "/apis/policy.openservicemesh.io/v1alpha1/namespaces/curl/egresses";
    static final String EGRESS = """
            {"apiVersion":"policy.openservicemesh.io/v1alpha1","kind":"Egress",
             "metadata":{"name":"%s","namespace":"curl"},
             "spec":{"sources":[{"kind":"ServiceAccount","name":"curl","namespace":"curl"}],
                     "hosts":["%s"],"ports":[{"number":80,"protocol":"http"}]}}""";

    @TempDir
    static Path dir;

    static EmbeddedCluster cluster;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        http = HttpClient.newBuilder().sslContext(cluster.sslContext()).build();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static HttpResponse<String> post(String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cluster.url() + EGRESSES))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static boolean stored(String name) {
        return cluster.client()
                        .genericKubernetesResources(ServedResources.EGRESS.context())
                        .inNamespace("curl")
                        .withName(name)
                        .get()
                != null;
    }

    @Test
    void aRequestWithoutTheTokenGets401AsAStatusAndStoresNothing() throws Exception {
        HttpResponse<String> r = post(EGRESS.formatted("anonymous", "a.example"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body())
                .contains("\"kind\":\"Status\"")
                .contains("\"reason\":\"Unauthorized\"")
                .contains("\"code\":401");
        HttpResponse<String> wrong =
                post(EGRESS.formatted("anonymous", "a.example"), "Authorization", "Bearer " + "0".repeat(64));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(stored("anonymous")).isFalse();
    }

    @Test
    void aCrossOriginPostFromAWebPageIsRefusedEvenWithTheToken() throws Exception {
        HttpResponse<String> page = post(
                EGRESS.formatted("from-a-page", "evil.example"),
                "Origin",
                "https://evil.example",
                "Content-Type",
                "text/plain");
        assertThat(page.statusCode()).isEqualTo(403);
        HttpResponse<String> withToken = post(
                EGRESS.formatted("from-a-page", "evil.example"),
                "Origin",
                cluster.url(),
                "Authorization",
                "Bearer " + cluster.token());
        assertThat(withToken.statusCode()).isEqualTo(403);
        assertThat(withToken.body()).contains("\"kind\":\"Status\"").contains("Origin");
        assertThat(stored("from-a-page")).isFalse();
    }

    @Test
    void aBodyOverThreeMebibytesGets413AndIsNotStored() throws Exception {
        String big = EGRESS.formatted("big", "a.example")
                .replace("\"hosts\":[", "\"padding\":\"" + "x".repeat(4 * 1024 * 1024) + "\",\"hosts\":[");
        HttpResponse<String> r = post(big, "Authorization", "Bearer " + cluster.token());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("RequestEntityTooLarge");
        assertThat(stored("big")).isFalse();

        HttpResponse<String> small =
                post(EGRESS.formatted("small", "a.example"), "Authorization", "Bearer " + cluster.token());
        assertThat(small.statusCode()).as(small.body()).isEqualTo(201);
        assertThat(stored("small")).isTrue();
    }

    @Test
    void theKubeconfigItWritesHoldsTheTokenAndOnlyItsOwnerCanReadIt() throws Exception {
        Path kubeconfig = dir.resolve("sub/kubeconfig");
        Files.createDirectories(kubeconfig.getParent());
        Files.writeString(kubeconfig, "old");
        Files.setPosixFilePermissions(kubeconfig, EnumSet.allOf(PosixFilePermission.class));
        cluster.writeKubeconfig(kubeconfig);
        assertThat(Files.readString(kubeconfig)).contains("token: " + cluster.token());
        assertThat(Files.getPosixFilePermissions(kubeconfig))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try (var files = Files.list(kubeconfig.getParent())) {
            assertThat(files).containsExactly(kubeconfig);
        }
    }

    @Test
    void kubectlWorksThroughTheWrittenKubeconfigAndNotWithoutTheToken() throws Exception {
        Kubectl.require();
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Kubectl kubectl = new Kubectl(cluster.writeKubeconfig(dir.resolve("kubeconfig")), cache);
        Kubectl.Result ok = kubectl.run(
                null, "get", "meshconfig", "osm-mesh-config", "-n", "osm-system", "-o", "jsonpath={.metadata.name}");
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(ok.stdout()).isEqualTo("osm-mesh-config");

        Kubectl.Result wrong = kubectl.run(null, "--token", "not-the-token", "get", "namespaces");
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.stderr()).containsAnyOf("Unauthorized", "must be logged in");
    }

    @Test
    void theClientsWatchCarriesTheToken() throws Exception {
        var egresses = cluster.client()
                .genericKubernetesResources(ServedResources.EGRESS.context())
                .inNamespace("curl");
        CountDownLatch added = new CountDownLatch(1);
        try (Watch w = egresses.watch(new Watcher<GenericKubernetesResource>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                if (action == Action.ADDED
                        && "watched".equals(resource.getMetadata().getName())) {
                    added.countDown();
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            egresses.resource(cluster.client()
                            .getKubernetesSerialization()
                            .unmarshal(EGRESS.formatted("watched", "w.example"), GenericKubernetesResource.class))
                    .create();
            assertThat(added.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
