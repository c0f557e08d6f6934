package egress.policy.match;

import egress.policy.model.Identity;
import egress.policy.model.Namespace;
import egress.policy.model.PolicySet;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the mesh is made of, beyond the policies: which namespaces it monitors, and which clients have
 * in-mesh upstreams (and so an outbound listener even without any egress rule).
 *
 * @param monitoredNamespaces the monitored namespaces, or null when every namespace is monitored
 * @param meshUpstreams       which clients have in-mesh upstreams (none by default)
 */
public record MeshScope(Set<String> monitoredNamespaces, Predicate<Identity> meshUpstreams) {
    private static final Predicate<Identity> NONE = id -> false;
    public static final MeshScope EVERYTHING = new MeshScope(null, NONE);

    public MeshScope {
        monitoredNamespaces = monitoredNamespaces == null ? null : Set.copyOf(monitoredNamespaces);
        meshUpstreams = meshUpstreams == null ? NONE : meshUpstreams;
    }

    /** Whether the client has in-mesh upstreams, and so an outbound listener of its own. */
    public boolean hasMeshUpstreams(Identity client) {
        return meshUpstreams.test(client);
    }

    /**
     * The scope that a set of manifests implies: when it has Namespace objects, the monitored ones
     * are those labelled {@code openservicemesh.io/monitored-by}; when it has none, every namespace is.
     */
    public static MeshScope of(PolicySet set) {
        if (set.namespaces().isEmpty()) {
            return EVERYTHING;
        }
        Set<String> monitored = new HashSet<>();
        for (Namespace n : set.namespaces()) {
            if (n.monitored()) {
                monitored.add(n.name());
            }
        }
        return new MeshScope(monitored, NONE);
    }

    public boolean monitors(String namespace) {
        return monitoredNamespaces == null || monitoredNamespaces.contains(namespace);
    }
}
