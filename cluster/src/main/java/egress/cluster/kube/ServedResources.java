package egress.cluster.kube;

import egress.policy.model.Crd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The resource types the embedded cluster serves: the osm-edge kinds the product edits, and a few core ones. */
public final class ServedResources {
    public static final ServedResource EGRESS = served(Crd.EGRESS);
    public static final ServedResource UPSTREAM_TRAFFIC_SETTING = served(Crd.UPSTREAM_TRAFFIC_SETTING);
    public static final ServedResource HTTP_ROUTE_GROUP = served(Crd.HTTP_ROUTE_GROUP);
    public static final ServedResource MESH_CONFIG = served(Crd.MESH_CONFIG);
    public static final ServedResource NAMESPACE =
            new ServedResource("", "v1", "Namespace", "namespaces", false, List.of("ns"));

    /** Every type, core first. */
    public static final List<ServedResource> ALL = List.of(
            NAMESPACE,
            new ServedResource("", "v1", "Service", "services", true, List.of("svc")),
            new ServedResource("", "v1", "ServiceAccount", "serviceaccounts", true, List.of("sa")),
            new ServedResource("", "v1", "ConfigMap", "configmaps", true, List.of("cm")),
            new ServedResource("", "v1", "Pod", "pods", true, List.of("po")),
            new ServedResource("apps", "v1", "Deployment", "deployments", true, List.of("deploy")),
            EGRESS,
            UPSTREAM_TRAFFIC_SETTING,
            HTTP_ROUTE_GROUP,
            MESH_CONFIG);

    /** The custom (non-core) types, which the CRUD dispatcher must be told about. */
    public static List<ServedResource> custom() {
        return ALL.stream().filter(r -> !r.group().isEmpty()).toList();
    }

    /** The types of each group/version, in declaration order. */
    public static Map<String, List<ServedResource>> byApiVersion() {
        Map<String, List<ServedResource>> out = new LinkedHashMap<>();
        for (ServedResource r : ALL) {
            out.computeIfAbsent(r.apiVersion(), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** The type with this apiVersion and kind, or null. */
    public static ServedResource find(String apiVersion, String kind) {
        return ALL.stream()
                .filter(r -> r.apiVersion().equals(apiVersion) && r.kind().equals(kind))
                .findFirst()
                .orElse(null);
    }

    /** A custom kind as policy's registry declares it (all of them namespaced). */
    private static ServedResource served(Crd crd) {
        return new ServedResource(crd.group(), crd.version(), crd.kind(), crd.plural(), true, crd.shortNames());
    }

    private ServedResources() {}
}
