package egress.policy.validate;

import egress.policy.model.Crd;
import egress.policy.yaml.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a cluster running osm-edge v1.3.9 says when a manifest is applied: the API server's checks (name,
 * served version, CRD schema), then, for an Egress, osm-edge's validating webhook. Returns errors only; an
 * empty list means the object is admitted.
 *
 * <p>Every problem of a manifest is reported, with one exception: the webhook runs only when the API server's
 * checks passed, because the API server stops there and never calls the webhook. The webhook is applied as if
 * the namespace were monitored (the linter reports Egresses in unmonitored namespaces). Kinds the product does
 * not model are admitted without a check.
 */
public final class Admission {
    private record Kind(String group, String kind) {}

    /** Served versions of each kind, and the schema the product checks each one against (null: none). */
    private static final Map<Kind, Map<String, Schema>> SCHEMAS = Map.of(
            kind(Crd.EGRESS), Map.of(Crd.EGRESS.version(), Schemas.EGRESS),
            kind(Crd.HTTP_ROUTE_GROUP), Map.of(Crd.HTTP_ROUTE_GROUP.version(), Schemas.HTTP_ROUTE_GROUP),
            kind(Crd.UPSTREAM_TRAFFIC_SETTING),
                    Map.of(Crd.UPSTREAM_TRAFFIC_SETTING.version(), Schemas.UPSTREAM_TRAFFIC_SETTING),
            // v1alpha1 is still served (deprecated) with another schema the product does not model
            kind(Crd.MESH_CONFIG), Map.of(Crd.MESH_CONFIG.version(), Schemas.MESH_CONFIG, "v1alpha1", Schema.ANY));

    private static Kind kind(Crd crd) {
        return new Kind(crd.group(), crd.kind());
    }

    private Admission() {}

    /** The reasons the cluster would reject the manifest; empty when it would admit it. */
    public static List<Diagnostic> check(Manifest m) {
        return check(m, true);
    }

    /**
     * As {@link #check(Manifest)}, for a namespace the mesh monitors or not: osm-edge registers its webhook
     * only for monitored namespaces, so an Egress elsewhere meets the API server's checks alone.
     */
    public static List<Diagnostic> check(Manifest m, boolean namespaceMonitored) {
        String group = m.group();
        Map<String, Schema> versions = SCHEMAS.get(new Kind(group, m.kind()));
        if (versions == null) {
            return List.of();
        }
        List<Diagnostic> out = new ArrayList<>();
        String name = m.name();
        String generateName = m.get("metadata.generateName") instanceof String g ? g : "";
        if ((name == null || name.isEmpty()) && generateName.isEmpty()) {
            out.add(Diagnostics.error(
                    m, Codes.NAME_REQUIRED, "metadata.name", "Required value: name or generateName is required"));
        }
        String version = m.apiVersion().substring(group.length() + 1);
        Schema schema = versions.get(version);
        if (schema == null) {
            out.add(Diagnostics.error(
                    m,
                    Codes.VERSION_NOT_SERVED,
                    "apiVersion",
                    "no matches for kind \"" + m.kind() + "\" in version \"" + m.apiVersion() + "\""));
            return out;
        }
        out.addAll(SchemaValidator.validate(m, schema));
        if (out.isEmpty() && namespaceMonitored && "Egress".equals(m.kind())) {
            out.addAll(EgressWebhook.check(m));
        }
        return out;
    }
}
