package egress.cluster.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fabric8 Java client against the same embedded cluster that kubectl uses. */
class EmbeddedClusterClientTest {
    static EmbeddedCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static GenericKubernetesResource egress(String name, List<String> hosts) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("policy.openservicemesh.io/v1alpha1")
                .withKind("Egress")
                .withNewMetadata()
                .withName(name)
                .withNamespace("curl")
                .endMetadata()
                .addToAdditionalProperties(
                        "spec", Map.of("hosts", hosts, "ports", List.of(Map.of("number", 443, "protocol", "https"))))
                .build();
    }

    @Test
    void startsWithTheOsmNamespaceAndTheFlagOff() {
        assertThat(client.namespaces().withName("osm-system").get()).isNotNull();
        GenericKubernetesResource mc = client.genericKubernetesResources(ServedResources.MESH_CONFIG.context())
                .inNamespace("osm-system")
                .withName("osm-mesh-config")
                .get();
        assertThat(mc.<Boolean>get("spec", "featureFlags", "enableEgressPolicy"))
                .isFalse();
    }

    @Test
    void serverSideApplyCreatesThenReplacesListsAndRecordsTheManager() {
        var egresses = client.genericKubernetesResources(ServedResources.EGRESS.context())
                .inNamespace("curl");
        egresses.resource(egress("ssa", List.of("a.example")))
                .fieldManager("egress-designer")
                .forceConflicts()
                .serverSideApply();
        egresses.resource(egress("ssa", List.of("b.example")))
                .fieldManager("egress-designer")
                .forceConflicts()
                .serverSideApply();
        GenericKubernetesResource live = egresses.withName("ssa").get();
        assertThat(live.<List<String>>get("spec", "hosts")).containsExactly("b.example");
        assertThat(live.getMetadata().getManagedFields())
                .extracting(f -> f.getManager())
                .containsExactly("egress-designer");
        assertThat(live.getMetadata().getUid()).isNotBlank();
    }

    @Test
    void mergePatchReplacesListsAsRfc7386Says() {
        var egresses = client.genericKubernetesResources(ServedResources.EGRESS.context())
                .inNamespace("curl");
        egresses.resource(egress("merge", List.of("github.com"))).create();
        egresses.withName("merge")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"hosts\":[\"api.github.com\"],\"ports\":null}}");
        GenericKubernetesResource live = egresses.withName("merge").get();
        assertThat(live.<List<String>>get("spec", "hosts")).containsExactly("api.github.com");
        assertThat(live.<Object>get("spec", "ports")).isNull();
    }

    @Test
    void aServerSideDryRunAnswersAsTheWriteWouldAndStoresNothing() {
        var egresses = client.genericKubernetesResources(ServedResources.EGRESS.context())
                .inNamespace("curl");
        GenericKubernetesResource created =
                egresses.resource(egress("dry", List.of("a.example"))).dryRun().create();
        assertThat(created.getMetadata().getName()).isEqualTo("dry");
        GenericKubernetesResource applied = egresses.resource(egress("dry", List.of("a.example")))
                .dryRun()
                .fieldManager("egress-designer")
                .forceConflicts()
                .serverSideApply();
        assertThat(applied.getMetadata().getManagedFields())
                .extracting(f -> f.getManager())
                .containsExactly("egress-designer");
        assertThat(egresses.withName("dry").get()).isNull();

        egresses.resource(egress("dry", List.of("a.example"))).create();
        GenericKubernetesResource changed = egresses.resource(egress("dry", List.of("b.example")))
                .dryRun()
                .fieldManager("egress-designer")
                .forceConflicts()
                .serverSideApply();
        assertThat(changed.<List<String>>get("spec", "hosts")).containsExactly("b.example");
        egresses.withName("dry").dryRun().delete();
        assertThatThrownBy(() -> egresses.resource(egress("dry", List.of("c.example")))
                        .dryRun()
                        .create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("already exists");
        assertThat(egresses.withName("dry").get().<List<String>>get("spec", "hosts"))
                .containsExactly("a.example");
    }

    @Test
    void crudListAndDeleteWorkAcrossNamespaces() {
        var all = client.genericKubernetesResources(ServedResources.EGRESS.context());
        all.inNamespace("other").resource(egress("x", List.of("x.example"))).create();
        assertThat(all.inAnyNamespace().list().getItems())
                .extracting(r -> r.getMetadata().getName())
                .contains("x");
        all.inNamespace("other").withName("x").delete();
        assertThat(all.inNamespace("other").withName("x").get()).isNull();
    }
}
