package egress.cluster.watch;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.deploy.ClusterImport;
import egress.cluster.kube.EmbeddedCluster;
import egress.cluster.kube.ServedResources;
import egress.fixtures.Await;
import egress.policy.yaml.Manifest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watches the enforcer follows, against the embedded cluster; and their objects read as the designers import them. */
class WatchTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    EmbeddedCluster cluster;

    @BeforeEach
    void start() {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** An Egress as kubectl apply leaves it: a label, the last-applied annotation, and the server's metadata. */
    GenericKubernetesResource applied() {
        GenericKubernetesResource r =
                cluster.client().getKubernetesSerialization().unmarshal("""
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata:
                  name: httpbin-80
                  namespace: curl
                  labels: {team: a}
                  annotations:
                    kubectl.kubernetes.io/last-applied-configuration: '{"kind":"Egress"}'
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [httpbin.org]
                  ports: [{number: 80, protocol: http}]
                """, GenericKubernetesResource.class);
        return cluster.client()
                .genericKubernetesResources(ServedResources.EGRESS.context())
                .inNamespace("curl")
                .resource(r)
                .fieldManager("kubectl")
                .forceConflicts()
                .serverSideApply();
    }

    @Test
    void theEnforcersWatchAndTheDesignersImportReadAClusterObjectAsTheSameManifest() throws Exception {
        GenericKubernetesResource live = applied();
        assertThat(live.getMetadata().getUid()).isNotBlank();
        try (PolicyWatch watch = new PolicyWatch(cluster.client(), false)) {
            watch.start(() -> {});
            Await.until(
                    "the watch lists the Egress",
                    WAIT,
                    () -> watch.manifests()
                            .map(ms -> ms.stream().anyMatch(m -> "Egress".equals(m.kind())))
                            .orElse(false));
            Manifest watched = watch.manifests().orElseThrow().stream()
                    .filter(m -> "Egress".equals(m.kind()))
                    .findFirst()
                    .orElseThrow();
            Manifest imported = ClusterImport.read(cluster.client()).get(0);
            assertThat(watched.content()).isEqualTo(imported.content());
            assertThat(watched.source()).isEqualTo(imported.source()).isEqualTo(ClusterManifests.SOURCE);
            assertThat(watched.get("metadata.labels.team")).isEqualTo("a");
            assertThat(watched.get("metadata.uid")).isNull();
            assertThat(watched.get("metadata.annotations")).isNull();
            Await.until("every kind is watched", WAIT, watch::watching);
            assertThat(watch.watches())
                    .containsOnlyKeys(
                            "meshconfigs", "namespaces", "egresses", "httproutegroups", "upstreamtrafficsettings")
                    .doesNotContainValue(false);
            assertThat(watch.server()).startsWith(cluster.url());
        }
    }

    @Test
    void thePodWatchTellsEachPodAsTheEnforcerNeedsIt() throws Exception {
        Map<String, ClusterPod> pods = new ConcurrentHashMap<>();
        List<List<ClusterPod>> lists = new CopyOnWriteArrayList<>();
        try (PodWatch watch = new PodWatch(cluster.client(), false)) {
            watch.start(new PodWatch.Listener() {
                @Override
                public void upsert(ClusterPod pod) {
                    pods.put(pod.uid(), pod);
                }

                @Override
                public void delete(String uid) {
                    pods.remove(uid);
                }

                @Override
                public void listed(List<ClusterPod> listed) {
                    lists.add(listed);
                }
            });
            Await.until("the first list", WAIT, () -> !lists.isEmpty());
            Pod pod = cluster.client()
                    .pods()
                    .inNamespace("curl")
                    .resource(new PodBuilder()
                            .withNewMetadata()
                            .withName("curl-1")
                            .withNamespace("curl")
                            .endMetadata()
                            .withNewSpec()
                            .endSpec()
                            .withNewStatus()
                            .withPhase("Running")
                            .withPodIP("10.0.0.7")
                            .endStatus()
                            .build())
                    .create();
            Await.until(
                    "the pod arrives",
                    WAIT,
                    () -> pods.containsKey(pod.getMetadata().getUid()));
            assertThat(pods.get(pod.getMetadata().getUid()))
                    .isEqualTo(new ClusterPod(
                            pod.getMetadata().getUid(), "curl", "curl-1", "default", false, true, List.of("10.0.0.7")));
            cluster.client().pods().inNamespace("curl").withName("curl-1").delete();
            Await.until("the pod is gone", WAIT, pods::isEmpty);
        }
    }
}
