package egress.cluster.deploy;

import egress.cluster.kube.ServedResource;
import egress.cluster.watch.ClusterManifests;
import egress.policy.yaml.Manifest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/** Reads the policy objects of a cluster as workspace manifests, without what the server added to them. */
public final class ClusterImport {
    /** The file name imported manifests carry, so diagnostics say where they came from. */
    public static final String SOURCE = ClusterManifests.SOURCE;

    private ClusterImport() {}

    /** Every Egress, HTTPRouteGroup and UpstreamTrafficSetting of every namespace. */
    public static List<Manifest> read(KubernetesClient client) {
        List<Manifest> out = new ArrayList<>();
        for (ServedResource kind : DeployedKinds.MANAGED) {
            for (GenericKubernetesResource r : client.genericKubernetesResources(kind.context())
                    .inAnyNamespace()
                    .list()
                    .getItems()) {
                out.add(ClusterManifests.toManifest(r, client.getKubernetesSerialization(), out.size()));
            }
        }
        return out;
    }
}
