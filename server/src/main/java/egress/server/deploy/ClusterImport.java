package egress.server.deploy;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.Position;
import egress.policy.yaml.SourceMap;
import egress.server.cluster.ServedResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the policy objects of a cluster as workspace manifests, without what the server added to them. */
public final class ClusterImport {
    /** The file name imported manifests carry, so diagnostics say where they came from. */
    public static final String SOURCE = "<cluster>";
    private static final List<String> SERVER_SET = List.of("uid", "resourceVersion", "creationTimestamp",
            "managedFields", "generation", "selfLink");
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private ClusterImport() {
    }

    /** Every Egress, HTTPRouteGroup and UpstreamTrafficSetting of every namespace. */
    @SuppressWarnings("unchecked")
    public static List<Manifest> read(KubernetesClient client) {
        List<Manifest> out = new ArrayList<>();
        for (ServedResource kind : DeployedKinds.MANAGED) {
            for (GenericKubernetesResource r : client.genericKubernetesResources(kind.context()).inAnyNamespace()
                    .list().getItems()) {
                Map<String, Object> object = new LinkedHashMap<>(
                        client.getKubernetesSerialization().convertValue(r, Map.class));
                object.remove("status");
                Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) object.get("metadata"));
                SERVER_SET.forEach(metadata::remove);
                if (metadata.get("annotations") instanceof Map<?, ?> a) {
                    Map<String, Object> annotations = new LinkedHashMap<>((Map<String, Object>) a);
                    annotations.remove(LAST_APPLIED);
                    if (annotations.isEmpty()) {
                        metadata.remove("annotations");
                    } else {
                        metadata.put("annotations", annotations);
                    }
                }
                object.put("metadata", metadata);
                out.add(new Manifest(SOURCE, out.size(), object, Position.UNKNOWN,
                        SourceMap.empty()));
            }
        }
        return out;
    }
}
