package egress.cluster.watch;

import egress.policy.model.Crd;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.Position;
import egress.policy.yaml.SourceMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The kinds the enforcer follows in a cluster, and how a cluster object becomes a {@link Manifest}. */
public final class ClusterManifests {
    /** The file name a cluster object's manifest carries. */
    public static final String SOURCE = "<cluster>";

    private static final List<String> SERVER_SET =
            List.of("uid", "resourceVersion", "creationTimestamp", "managedFields", "generation", "selfLink");
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** Every kind whose objects can change a decision, in the order the manifests are listed. */
    public static final List<ResourceDefinitionContext> KINDS = List.of(
            kind(Crd.MESH_CONFIG),
            kind("", "v1", "namespaces", "Namespace", false),
            kind(Crd.EGRESS),
            kind(Crd.HTTP_ROUTE_GROUP),
            kind(Crd.UPSTREAM_TRAFFIC_SETTING));

    /** Orders objects of one kind by namespace, then name, so a rebuild does not depend on cache order. */
    static final Comparator<GenericKubernetesResource> BY_NAME = Comparator.comparing((GenericKubernetesResource r) ->
                    String.valueOf(r.getMetadata().getNamespace()))
            .thenComparing(r -> String.valueOf(r.getMetadata().getName()));

    private ClusterManifests() {}

    /** A custom kind from policy's registry (all of them namespaced). */
    static ResourceDefinitionContext kind(Crd crd) {
        return kind(crd.group(), crd.version(), crd.plural(), crd.kind(), true);
    }

    static ResourceDefinitionContext kind(
            String group, String version, String plural, String kind, boolean namespaced) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withPlural(plural)
                .withKind(kind)
                .withNamespaced(namespaced)
                .build();
    }

    /**
     * The object as a manifest would have written it, the one conversion of a cluster object (the enforcer's
     * watch and the designers' import both use it): {@code status}, the metadata the server sets ({@code uid},
     * {@code resourceVersion}, {@code creationTimestamp}, {@code managedFields}, {@code generation},
     * {@code selfLink}) and kubectl's last-applied annotation are left out, everything else is kept. Its file is
     * {@value #SOURCE}, so diagnostics say where it came from.
     *
     * @param index the object's place among those read, as a document's index in its file
     */
    @SuppressWarnings("unchecked")
    public static Manifest toManifest(GenericKubernetesResource r, KubernetesSerialization json, int index) {
        Map<String, Object> content = new LinkedHashMap<>(json.convertValue(r, Map.class));
        content.remove("status");
        if (content.get("metadata") instanceof Map<?, ?> meta) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) meta);
            SERVER_SET.forEach(copy::remove);
            if (copy.get("annotations") instanceof Map<?, ?> a) {
                Map<String, Object> annotations = new LinkedHashMap<>((Map<String, Object>) a);
                annotations.remove(LAST_APPLIED);
                if (annotations.isEmpty()) {
                    copy.remove("annotations");
                } else {
                    copy.put("annotations", annotations);
                }
            }
            content.put("metadata", copy);
        }
        return new Manifest(SOURCE, index, content, Position.UNKNOWN, SourceMap.empty());
    }

    /** The content without {@code metadata.resourceVersion} and {@code generation}, which change with any write. */
    public static Map<String, Object> withoutVersions(Manifest m) {
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
    public static String describe(Manifest m) {
        return m.kind() + "/" + (m.namespace() == null ? "" : m.namespace() + "/") + m.name();
    }
}
