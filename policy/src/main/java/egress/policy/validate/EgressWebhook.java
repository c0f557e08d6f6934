package egress.policy.validate;

import egress.policy.model.Crd;
import egress.policy.yaml.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * osm-edge's validating webhook for Egress ({@code pkg/validator/validators.go egressValidator}), rules W1-W4
 * with its messages verbatim. osm-edge stops at the first failure; this reports every one, so a user fixes
 * them all in one go. It assumes the schema passed ({@code apiGroup}, {@code kind}, {@code name} present).
 */
final class EgressWebhook {
    static final String SMI_GROUP = Crd.HTTP_ROUTE_GROUP.apiVersion();
    static final String POLICY_GROUP = Crd.UPSTREAM_TRAFFIC_SETTING.apiVersion();

    private EgressWebhook() {}

    static List<Diagnostic> check(Manifest m) {
        List<Diagnostic> out = new ArrayList<>();
        Object matches = m.get("spec.matches");
        if (!(matches instanceof List<?> list)) {
            return out;
        }
        int upstreamSettings = 0;
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> match)) {
                continue;
            }
            String path = "spec.matches[" + i + "]";
            String group = String.valueOf(match.get("apiGroup"));
            String kind = String.valueOf(match.get("kind"));
            String name = String.valueOf(match.get("name"));
            if (SMI_GROUP.equals(group)) {
                if (!"HTTPRouteGroup".equals(kind)) {
                    out.add(Diagnostics.error(
                            m,
                            Codes.MATCH_KIND_ROUTE_GROUP,
                            path + ".kind",
                            "Expected 'matches.kind' for match '" + name + "' to be 'HTTPRouteGroup', got: " + kind));
                }
            } else if (POLICY_GROUP.equals(group)) {
                if (!"UpstreamTrafficSetting".equals(kind)) {
                    out.add(Diagnostics.error(
                            m,
                            Codes.MATCH_KIND_UPSTREAM_SETTING,
                            path + ".kind",
                            "Expected 'matches.kind' for match '" + name + "' to be 'UpstreamTrafficSetting', got: "
                                    + kind));
                } else if (++upstreamSettings == 2) {
                    out.add(Diagnostics.error(
                            m,
                            Codes.MATCH_TWO_UPSTREAM_SETTINGS,
                            path,
                            "Cannot have more than 1 UpstreamTrafficSetting match"));
                }
            } else {
                out.add(Diagnostics.error(
                        m,
                        Codes.MATCH_API_GROUP,
                        path + ".apiGroup",
                        "Expected 'matches.apiGroup' to be one of [" + SMI_GROUP + " " + POLICY_GROUP + "], got: "
                                + group));
            }
        }
        return out;
    }
}
