package egress.policy.model;

import java.util.List;

/**
 * The custom resource kinds the product reads and writes, with their coordinates as osm-edge's CRDs declare
 * them ({@code cmd/osm-bootstrap/crds/}). Every module takes group, version, kind and plural from here.
 *
 * @param group      the API group
 * @param version    the version the product writes and checks
 * @param kind       the object kind
 * @param plural     the URL segment of the resource
 * @param shortNames the short names kubectl accepts
 */
public record Crd(String group, String version, String kind, String plural, List<String> shortNames) {
    public static final Crd EGRESS =
            new Crd("policy.openservicemesh.io", "v1alpha1", "Egress", "egresses", List.of("egress"));
    public static final Crd UPSTREAM_TRAFFIC_SETTING = new Crd(
            "policy.openservicemesh.io",
            "v1alpha1",
            "UpstreamTrafficSetting",
            "upstreamtrafficsettings",
            List.of("upstreamtrafficsetting"));
    /** SMI's route group: osm-edge stores {@code specs.smi-spec.io/v1alpha4}. */
    public static final Crd HTTP_ROUTE_GROUP =
            new Crd("specs.smi-spec.io", "v1alpha4", "HTTPRouteGroup", "httproutegroups", List.of("htr"));

    public static final Crd MESH_CONFIG =
            new Crd("config.openservicemesh.io", "v1alpha2", "MeshConfig", "meshconfigs", List.of("meshconfig"));

    /** Every kind, in the order above. All are namespaced. */
    public static final List<Crd> ALL = List.of(EGRESS, UPSTREAM_TRAFFIC_SETTING, HTTP_ROUTE_GROUP, MESH_CONFIG);

    public Crd {
        shortNames = List.copyOf(shortNames);
    }

    /** {@code group/version}, as a manifest's {@code apiVersion} (and a match's {@code apiGroup}) writes it. */
    public String apiVersion() {
        return group + "/" + version;
    }
}
