package egress.cluster.kube;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import java.util.List;

/**
 * One resource type the embedded cluster serves, as its discovery documents describe it.
 *
 * @param group      the API group ("" for the core group)
 * @param version    the served version
 * @param kind       the object kind, e.g. {@code Egress}
 * @param plural     the URL segment, e.g. {@code egresses}
 * @param namespaced whether objects live in a namespace
 * @param shortNames the short names kubectl accepts
 */
public record ServedResource(
        String group, String version, String kind, String plural, boolean namespaced, List<String> shortNames) {

    public ServedResource {
        shortNames = List.copyOf(shortNames);
    }

    /** {@code group/version}, or just the version for the core group. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public String singular() {
        return kind.toLowerCase();
    }

    /** The definition the fabric8 CRUD dispatcher needs to parse this type's paths. */
    public CustomResourceDefinitionContext context() {
        return new CustomResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind)
                .withPlural(plural)
                .withScope(namespaced ? "Namespaced" : "Cluster")
                .build();
    }
}
