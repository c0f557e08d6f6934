package egress.cli;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.Tree;
import java.util.Map;
import java.util.Set;

/** What {@code kubectl apply -n NS} does to objects written without a namespace. */
final class Namespaces {
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "CustomResourceDefinition", "ClusterRole",
            "ClusterRoleBinding", "Node", "PersistentVolume", "StorageClass", "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration", "APIService", "PriorityClass");

    private Namespaces() {
    }

    static Manifest defaulted(Manifest m, String namespace) {
        if (m.namespace() != null || CLUSTER_SCOPED.contains(m.kind()) || m.get("metadata") != null
                && !(m.get("metadata") instanceof Map<?, ?>)) {
            return m;
        }
        Map<String, Object> content = Tree.thaw(m.content());
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) content.computeIfAbsent("metadata",
                k -> new java.util.LinkedHashMap<String, Object>());
        metadata.put("namespace", namespace);
        return m.withContent(content);
    }
}
