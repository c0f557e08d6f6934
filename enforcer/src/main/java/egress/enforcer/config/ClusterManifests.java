package egress.enforcer.config;

import egress.policy.model.Crd;
import egress.policy.yaml.Manifest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The kinds the enforcer follows in a cluster, and how a cluster object becomes a {@link Manifest}. */
public final class ClusterManifests {
    /** Every kind whose objects can change a decision, in the order the manifests are listed. */
    public static final List<ResourceDefinitionContext> KINDS = List.of(
            kind(Crd.MESH_CONFIG),
            kind("", "v1", "namespaces", "Namespace", false),
            kind(Crd.EGRESS),
            kind(Crd.HTTP_ROUTE_GROUP),
            kind(Crd.UPSTREAM_TRAFFIC_SETTING));

    /** Orders objects of one kind by namespace, then name, so a rebuild does not depend on cache order. */
    static final Comparator<GenericKubernetesResource> BY_NAME = Comparator
            .comparing((GenericKubernetesResource r) -> String.valueOf(r.getMetadata().getNamespace()))
            .thenComparing(r -> String.valueOf(r.getMetadata().getName()));

    private ClusterManifests() {
    }

    /** A custom kind from policy's registry (all of them namespaced). */
    static ResourceDefinitionContext kind(Crd crd) {
        return kind(crd.group(), crd.version(), crd.plural(), crd.kind(), true);
    }

    static ResourceDefinitionContext kind(String group, String version, String plural, String kind, boolean namespaced) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural)
                .withKind(kind).withNamespaced(namespaced).build();
    }

    /**
     * The object as a manifest would have written it: {@code status} and {@code metadata.managedFields}
     * (server bookkeeping) are left out, everything else is kept.
     */
    @SuppressWarnings("unchecked")
    public static Manifest toManifest(GenericKubernetesResource r, KubernetesSerialization json) {
        Map<String, Object> content = new LinkedHashMap<>(json.convertValue(r, Map.class));
        content.remove("status");
        if (content.get("metadata") instanceof Map<?, ?> meta) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) meta);
            copy.remove("managedFields");
            content.put("metadata", copy);
        }
        return Manifest.of(content);
    }

    /** The content without {@code metadata.resourceVersion} and {@code generation}, which change with any write. */
    static Map<String, Object> withoutVersions(Manifest m) {
        Map<String, Object> content = new LinkedHashMap<>(m.content());
        if (content.get("metadata") instanceof Map<?, ?> meta) {
            Map<Object, Object> copy = new LinkedHashMap<>(meta);
            copy.remove("resourceVersion");
            copy.remove("generation");
            content.put("metadata", copy);
        }
        return content;
    }

    /** {@code Kind/namespace/name} (or {@code Kind/name}), for log lines. */
    static String describe(Manifest m) {
        return m.kind() + "/" + (m.namespace() == null ? "" : m.namespace() + "/") + m.name();
    }
}
