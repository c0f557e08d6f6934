package egress.policy.vocab;

import egress.policy.model.Crd;
import egress.policy.model.Egress;
import egress.policy.model.HttpRouteGroup;
import egress.policy.model.Protocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a new object starts as, in every designer: the content trees are fresh and mutable, in the field order
 * the manifests use.
 */
public final class Templates {
    /** The name a new Egress is offered ({@link #freshName} adds {@code -2}, {@code -3}, ... when it is taken). */
    public static final String EGRESS_NAME = "new-egress";
    /** The name a new HTTPRouteGroup is offered. */
    public static final String ROUTE_GROUP_NAME = "new-routes";

    private Templates() {}

    /** A new Egress: no sources or hosts yet, port 80 over http. */
    public static Map<String, Object> egress(String name, String namespace) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("sources", new ArrayList<>());
        spec.put("ports", new ArrayList<>(List.of(port(80, Protocol.HTTP.text()))));
        return object(Egress.API_VERSION, Egress.KIND, name, namespace, spec);
    }

    /** A new HTTPRouteGroup with one match that admits every path. */
    public static Map<String, Object> routeGroup(String name, String namespace) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("matches", new ArrayList<>(List.of(routeMatch(1))));
        return object(HttpRouteGroup.API_VERSION, HttpRouteGroup.KIND, name, namespace, spec);
    }

    /** The {@code n}th match added to a route group: {@code match-n}, every path. */
    public static Map<String, Object> routeMatch(int n) {
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("name", "match-" + n);
        match.put("pathRegex", "/.*");
        return match;
    }

    /** An Egress's {@code matches[]} entry naming the HTTPRouteGroup {@code name} in the Egress's namespace. */
    public static Map<String, Object> routeGroupRef(String name) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("apiGroup", Crd.HTTP_ROUTE_GROUP.apiVersion());
        ref.put("kind", Crd.HTTP_ROUTE_GROUP.kind());
        ref.put("name", name);
        return ref;
    }

    /** The protocols a port may name, as written. */
    public static List<String> protocols() {
        return Arrays.stream(Protocol.values()).map(Protocol::text).toList();
    }

    /** A port added to an Egress: 443 over https. */
    public static Map<String, Object> newPort() {
        return port(443, Protocol.HTTPS.text());
    }

    /** {@code base}, or {@code base-2}, {@code base-3}, ... : the first that {@code taken} does not hold. */
    public static String freshName(String base, Predicate<String> taken) {
        String name = base;
        for (int i = 2; taken.test(name); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    private static Map<String, Object> port(int number, String protocol) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("number", number);
        p.put("protocol", protocol);
        return p;
    }

    private static Map<String, Object> object(
            String apiVersion, String kind, String name, String namespace, Map<String, Object> spec) {
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
