package egress.cluster.deploy;

import egress.cluster.kube.ServedResource;
import egress.cluster.kube.ServedResources;
import java.util.List;

/** The kinds a deploy writes, and in which order. */
final class DeployedKinds {
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY = "egress-designer";

    /**
     * The policy kinds, in the order they are written: route groups and traffic settings before the Egresses
     * that name them. Only these are ever updated or pruned.
     */
    static final List<ServedResource> MANAGED =
            List.of(ServedResources.HTTP_ROUTE_GROUP, ServedResources.UPSTREAM_TRAFFIC_SETTING, ServedResources.EGRESS);

    private DeployedKinds() {}

    /** The managed kind of a manifest, or null. */
    static ServedResource managed(String apiVersion, String kind) {
        return MANAGED.stream()
                .filter(r -> r.apiVersion().equals(apiVersion) && r.kind().equals(kind))
                .findFirst()
                .orElse(null);
    }

    static boolean isNamespace(String apiVersion, String kind) {
        return "v1".equals(apiVersion) && "Namespace".equals(kind);
    }

    /** The order of a change: namespaces, then {@link #MANAGED} in order; deletes last, in reverse. */
    static int rank(Change c) {
        int kindRank = isNamespace(c.key().apiVersion(), c.key().kind())
                ? 0
                : 1 + MANAGED.indexOf(managed(c.key().apiVersion(), c.key().kind()));
        return c.action() == Action.DELETE ? 100 - kindRank : kindRank;
    }
}
