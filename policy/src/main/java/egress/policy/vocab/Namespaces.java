package egress.policy.vocab;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.Tree;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code kubectl apply -n NS} does to objects written without a namespace: a namespaced object gets
 * {@code NS}, a cluster-scoped one stays as it is. Every front end that simulates objects as applied uses this.
 */
public final class Namespaces {
    /** The namespace {@code kubectl apply} gives when none is named. */
    public static final String DEFAULT = "default";

    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace",
            "CustomResourceDefinition",
            "ClusterRole",
            "ClusterRoleBinding",
            "Node",
            "PersistentVolume",
            "StorageClass",
            "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration",
            "APIService",
            "PriorityClass");

    private Namespaces() {}

    /** The manifest as applied into {@code namespace}: unchanged when it names one, is cluster-scoped, or is malformed. */
    public static Manifest defaulted(Manifest m, String namespace) {
        if (m.namespace() != null
                || CLUSTER_SCOPED.contains(m.kind())
                || m.get("metadata") != null && !(m.get("metadata") instanceof Map<?, ?>)) {
            return m;
        }
        Map<String, Object> content = Tree.thaw(m.content());
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata =
                (Map<String, Object>) content.computeIfAbsent("metadata", k -> new LinkedHashMap<String, Object>());
        metadata.put("namespace", namespace);
        return m.withContent(content);
    }

    /** Every manifest as applied into {@code namespace}. */
    public static List<Manifest> defaulted(List<Manifest> manifests, String namespace) {
        return manifests.stream().map(m -> defaulted(m, namespace)).toList();
    }
}
