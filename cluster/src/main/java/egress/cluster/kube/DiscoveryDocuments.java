package egress.cluster.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The discovery documents kubectl reads before it does anything: {@code /version}, {@code /api},
 * {@code /apis}, each group/version's APIResourceList and a minimal {@code /openapi/v3}. The bare fabric8
 * mock answers all of these with an empty List, which makes kubectl fail with "no matches for kind".
 */
final class DiscoveryDocuments {
    static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    private final String serverAddress;

    DiscoveryDocuments(String serverAddress) {
        this.serverAddress = serverAddress;
    }

    /** The document for a GET of this path (no query), or null when the path is not a discovery path. */
    Object forPath(String path) {
        if (path.equals("/version") || path.equals("/version/")) {
            return version();
        }
        if (path.equals("/api")) {
            return Map.of(
                    "kind",
                    "APIVersions",
                    "versions",
                    List.of("v1"),
                    "serverAddressByClientCIDRs",
                    List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", serverAddress)));
        }
        if (path.equals("/apis")) {
            return groupList();
        }
        if (path.equals("/openapi/v3")) {
            return OpenApiDocuments.index();
        }
        if (path.startsWith("/openapi/v3/")) {
            return OpenApiDocuments.groupVersion(path.substring("/openapi/v3/".length()));
        }
        String apiVersion = path.equals("/api/v1") ? "v1" : path.startsWith("/apis/") ? path.substring(6) : null;
        List<ServedResource> resources =
                apiVersion == null ? null : ServedResources.byApiVersion().get(apiVersion);
        return resources == null ? null : resourceList(apiVersion, resources);
    }

    static Map<String, Object> version() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("major", "1");
        v.put("minor", "30");
        v.put("gitVersion", "v1.30.0");
        v.put("gitCommit", "embedded-egress-designer");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2024-04-17T00:00:00Z");
        v.put("goVersion", "go1.22.2");
        v.put("compiler", "gc");
        v.put("platform", "linux/amd64");
        return v;
    }

    private Map<String, Object> groupList() {
        Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
        for (ServedResource r : ServedResources.custom()) {
            List<String> versions = versionsByGroup.computeIfAbsent(r.group(), g -> new ArrayList<>());
            if (!versions.contains(r.version())) {
                versions.add(r.version());
            }
        }
        List<Object> groups = new ArrayList<>();
        versionsByGroup.forEach((group, versions) -> {
            List<Object> vs = versions.stream()
                    .map(v -> (Object) Map.of("groupVersion", group + "/" + v, "version", v))
                    .toList();
            groups.add(Map.of("name", group, "versions", vs, "preferredVersion", vs.get(0)));
        });
        return Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups);
    }

    private static Map<String, Object> resourceList(String apiVersion, List<ServedResource> resources) {
        List<Object> items = new ArrayList<>();
        for (ServedResource r : resources) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", r.plural());
            item.put("singularName", r.singular());
            item.put("namespaced", r.namespaced());
            item.put("kind", r.kind());
            item.put("verbs", VERBS);
            if (!r.shortNames().isEmpty()) {
                item.put("shortNames", r.shortNames());
            }
            items.add(item);
        }
        return Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", apiVersion, "resources", items);
    }
}
