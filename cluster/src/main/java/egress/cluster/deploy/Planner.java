package egress.cluster.deploy;

import egress.cluster.kube.EmbeddedCluster;
import egress.cluster.kube.ServedResource;
import egress.cluster.kube.ServedResources;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.Tree;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compares the workspace with the cluster: one LIST per managed kind, then a diff per object. */
final class Planner {
    private final KubernetesClient client;

    Planner(KubernetesClient client) {
        this.client = client;
    }

    Plan plan(List<Manifest> workspace, boolean prune) {
        Map<ObjectKey, Map<String, Object>> desired = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (Manifest m : workspace) {
            ServedResource kind = DeployedKinds.managed(m.apiVersion(), m.kind());
            if (kind != null) {
                Map<String, Object> object = labelled(m, kind);
                desired.put(key(object), object);
            } else if (DeployedKinds.isNamespace(m.apiVersion(), m.kind())) {
                Map<String, Object> object = Tree.thaw(m.content());
                desired.put(key(object), object);
            } else {
                skipped.add(
                        m.describe() + ": "
                                + ("MeshConfig".equals(m.kind())
                                        ? "not deployed; only its enableEgressPolicy flag is switched, when asked to"
                                        : "not deployed; a deploy writes Egress, HTTPRouteGroup, UpstreamTrafficSetting and Namespace"));
            }
        }
        Map<ObjectKey, Map<String, Object>> live = new HashMap<>();
        for (ServedResource kind : DeployedKinds.MANAGED) {
            for (GenericKubernetesResource r : client.genericKubernetesResources(kind.context())
                    .inAnyNamespace()
                    .list()
                    .getItems()) {
                Map<String, Object> object = toMap(r);
                live.put(key(object), object);
            }
        }
        List<Change> changes = new ArrayList<>();
        desired.forEach((key, object) -> changes.add(change(key, object, live)));
        boolean anyManaged =
                desired.keySet().stream().anyMatch(k -> DeployedKinds.managed(k.apiVersion(), k.kind()) != null);
        if (prune && anyManaged) {
            live.forEach((key, object) -> {
                if (!desired.containsKey(key) && managedByUs(object)) {
                    changes.add(new Change(Action.DELETE, key, List.copyOf(object.keySet()), null, object));
                }
            });
        } else if (prune) {
            skipped.add("nothing pruned: the workspace has no Egress, HTTPRouteGroup or UpstreamTrafficSetting,"
                    + " and an empty workspace is more likely a mistake than a wish to delete every policy");
        }
        changes.sort(Comparator.comparingInt(DeployedKinds::rank));
        return new Plan(changes, skipped, egressPolicyEnabled());
    }

    private Change change(ObjectKey key, Map<String, Object> object, Map<ObjectKey, Map<String, Object>> live) {
        Map<String, Object> current;
        if (DeployedKinds.isNamespace(key.apiVersion(), key.kind())) {
            GenericKubernetesResource ns = client.genericKubernetesResources(ServedResources.NAMESPACE.context())
                    .withName(key.name())
                    .get();
            // a namespace that exists is left as it is: it may hold much more than policies
            return ns == null
                    ? new Change(Action.CREATE, key, List.copyOf(object.keySet()), object, null)
                    : new Change(Action.UNCHANGED, key, List.of(), object, toMap(ns));
        }
        current = live.get(key);
        if (current == null) {
            return new Change(Action.CREATE, key, List.copyOf(object.keySet()), object, null);
        }
        List<String> fields = FieldDiff.changes(object, current);
        return new Change(fields.isEmpty() ? Action.UNCHANGED : Action.UPDATE, key, fields, object, current);
    }

    /** The MeshConfig's enableEgressPolicy, or null when the cluster has no osm-mesh-config. */
    Boolean egressPolicyEnabled() {
        GenericKubernetesResource mc = client.genericKubernetesResources(ServedResources.MESH_CONFIG.context())
                .inNamespace(EmbeddedCluster.OSM_NAMESPACE)
                .withName(EmbeddedCluster.MESH_CONFIG_NAME)
                .get();
        if (mc == null) {
            return null;
        }
        return Boolean.TRUE.equals(Tree.get(toMap(mc), "spec.featureFlags.enableEgressPolicy"));
    }

    /** The manifest as it is applied: namespace filled in, and labelled as ours (so a later deploy may prune it). */
    private static Map<String, Object> labelled(Manifest m, ServedResource kind) {
        Map<String, Object> object = Tree.thaw(m.content());
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata =
                (Map<String, Object>) object.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
        if (kind.namespaced() && !(metadata.get("namespace") instanceof String ns && !ns.isEmpty())) {
            metadata.put("namespace", "default");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> labels =
                (Map<String, Object>) metadata.computeIfAbsent("labels", k -> new LinkedHashMap<>());
        labels.put(DeployedKinds.MANAGED_BY_LABEL, DeployedKinds.MANAGED_BY);
        return object;
    }

    /**
     * Whether a prune may delete an object: it carries our label and our field manager owns fields of it. The
     * label alone is not enough: anyone may copy it (a {@code kubectl apply} of an exported manifest does).
     */
    private static boolean managedByUs(Map<String, Object> object) {
        boolean labelled = DeployedKinds.MANAGED_BY.equals(
                Tree.get(object, "metadata.labels") instanceof Map<?, ?> labels
                        ? labels.get(DeployedKinds.MANAGED_BY_LABEL)
                        : null);
        return labelled
                && Tree.get(object, "metadata.managedFields") instanceof List<?> managers
                && managers.stream()
                        .anyMatch(m -> m instanceof Map<?, ?> entry
                                && ClusterWriter.FIELD_MANAGER.equals(entry.get("manager")));
    }

    static ObjectKey key(Map<String, Object> object) {
        String ns = Tree.string(object, "metadata.namespace");
        return new ObjectKey(
                Tree.string(object, "apiVersion"),
                Tree.string(object, "kind"),
                ns == null ? "" : ns,
                Tree.string(object, "metadata.name"));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> toMap(GenericKubernetesResource r) {
        return client.getKubernetesSerialization().convertValue(r, Map.class);
    }
}
