package egress.designer.viewmodel;

import egress.policy.model.Egress;
import egress.policy.model.HttpRouteGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The content a new policy starts with. */
final class NewObjects {
    private NewObjects() {
    }

    static Map<String, Object> egress(int n, String namespace) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("sources", List.of());
        spec.put("ports", List.of());
        return object(Egress.API_VERSION, Egress.KIND, "egress-" + n, namespace, spec);
    }

    static Map<String, Object> routeGroup(int n, String namespace) {
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("name", "match-1");
        match.put("pathRegex", "/");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("matches", List.of(match));
        return object(HttpRouteGroup.API_VERSION, HttpRouteGroup.KIND, "routes-" + n, namespace, spec);
    }

    private static Map<String, Object> object(String apiVersion, String kind, String name, String namespace,
                                              Map<String, Object> spec) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", name);
        meta.put("namespace", namespace);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("apiVersion", apiVersion);
        c.put("kind", kind);
        c.put("metadata", meta);
        c.put("spec", spec);
        return c;
    }
}
