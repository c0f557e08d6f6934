package egress.cluster.watch;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.yaml.Manifest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class ClusterManifestsTest {
    private final KubernetesSerialization json = new KubernetesSerialization();

    @Test
    void aClusterObjectBecomesTheManifestThatWasAppliedWithoutServerBookkeeping() {
        GenericKubernetesResource r = json.unmarshal("""
                apiVersion: specs.smi-spec.io/v1alpha4
                kind: HTTPRouteGroup
                metadata:
                  name: routes
                  namespace: curl
                  resourceVersion: "7"
                  managedFields: [{manager: kubectl, operation: Apply}]
                spec:
                  matches: [{name: get, pathRegex: /get, methods: [GET]}]
                status: {currentStatus: committed}
                """, GenericKubernetesResource.class);
        Manifest m = ClusterManifests.toManifest(r, json, 0);
        assertThat(m.kind()).isEqualTo("HTTPRouteGroup");
        assertThat(m.group()).isEqualTo("specs.smi-spec.io");
        assertThat(ClusterManifests.describe(m)).isEqualTo("HTTPRouteGroup/curl/routes");
        assertThat(m.content()).doesNotContainKey("status");
        assertThat(m.get("metadata.managedFields")).isNull();
        assertThat(m.get("metadata.resourceVersion")).isNull();
        assertThat(m.source()).isEqualTo(ClusterManifests.SOURCE);
        assertThat(m.get("spec.matches[0].pathRegex")).isEqualTo("/get");
        assertThat(ClusterManifests.withoutVersions(m)).doesNotContainKey("status");
        assertThat(ClusterManifests.withoutVersions(m).get("metadata").toString())
                .doesNotContain("resourceVersion");
    }

    @Test
    void everyKindTheEnforcerFollowsIsListed() {
        assertThat(ClusterManifests.KINDS)
                .extracting(k -> k.getGroup() + "/" + k.getVersion() + " " + k.getPlural())
                .containsExactly(
                        "config.openservicemesh.io/v1alpha2 meshconfigs",
                        "/v1 namespaces",
                        "policy.openservicemesh.io/v1alpha1 egresses",
                        "specs.smi-spec.io/v1alpha4 httproutegroups",
                        "policy.openservicemesh.io/v1alpha1 upstreamtrafficsettings");
    }
}
