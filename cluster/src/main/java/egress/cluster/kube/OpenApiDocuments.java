package egress.cluster.kube;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough OpenAPI v3 for kubectl's default validation: kubectl looks for a PATCH operation of the
 * object's kind that takes the {@code fieldValidation} query parameter, and when it finds one it leaves
 * validation to the server ({@code fieldValidation=Strict}). Without it kubectl falls back to the protobuf
 * OpenAPI v2 document and fails with "proto: cannot parse invalid wire-format data". No schemas are served.
 */
final class OpenApiDocuments {
    private static final List<String> QUERY_PARAMETERS = List.of("fieldValidation", "fieldManager", "dryRun");

    private OpenApiDocuments() {}

    /** {@code /openapi/v3}: where each group/version's document is. */
    static Map<String, Object> index() {
        Map<String, Object> paths = new LinkedHashMap<>();
        for (String apiVersion : ServedResources.byApiVersion().keySet()) {
            String key = prefix(apiVersion);
            paths.put(key, Map.of("serverRelativeURL", "/openapi/v3/" + key));
        }
        return Map.of("paths", paths);
    }

    /** {@code /openapi/v3/apis/<group>/<version>} or {@code /openapi/v3/api/v1}, or null. */
    static Map<String, Object> groupVersion(String key) {
        String apiVersion = key.equals("api/v1") ? "v1" : key.startsWith("apis/") ? key.substring(5) : null;
        List<ServedResource> resources =
                apiVersion == null ? null : ServedResources.byApiVersion().get(apiVersion);
        if (resources == null) {
            return null;
        }
        List<Object> parameters = QUERY_PARAMETERS.stream()
                .map(n -> (Object) Map.of("name", n, "in", "query", "schema", Map.of("type", "string")))
                .toList();
        Map<String, Object> paths = new LinkedHashMap<>();
        for (ServedResource r : resources) {
            Map<String, Object> gvk = Map.of("group", r.group(), "version", r.version(), "kind", r.kind());
            Map<String, Object> patch = Map.of(
                    "operationId",
                    "patch" + r.kind(),
                    "parameters",
                    parameters,
                    "x-kubernetes-group-version-kind",
                    gvk,
                    "responses",
                    Map.of("200", Map.of("description", "OK")));
            String base = "/" + prefix(apiVersion) + (r.namespaced() ? "/namespaces/{namespace}/" : "/");
            paths.put(base + r.plural() + "/{name}", Map.of("parameters", parameters, "patch", patch));
        }
        return Map.of("openapi", "3.0.0", "info", Map.of("title", "Kubernetes", "version", "v1.30.0"), "paths", paths);
    }

    private static String prefix(String apiVersion) {
        return apiVersion.equals("v1") ? "api/v1" : "apis/" + apiVersion;
    }
}
