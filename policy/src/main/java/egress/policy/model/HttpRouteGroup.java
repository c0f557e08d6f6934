package egress.policy.model;

import java.util.List;
import java.util.Map;

/**
 * An SMI {@code HTTPRouteGroup} ({@code specs.smi-spec.io/v1alpha4}).
 *
 * @param decodable false when a {@code headers} element has more than one key, which the SMI SDK
 *                  cannot decode ("incorrect length of keyval"): osm then treats the group as missing
 */
public record HttpRouteGroup(ObjectRef ref, List<RouteMatch> matches, boolean decodable) {
    public static final String API_VERSION = Crd.HTTP_ROUTE_GROUP.apiVersion();
    public static final String KIND = Crd.HTTP_ROUTE_GROUP.kind();

    public HttpRouteGroup {
        matches = List.copyOf(matches);
    }

    /**
     * One {@code matches[]} entry. {@code pathRegex} empty means {@code .*}; {@code methods} empty means any.
     * {@code headers} keeps the names as written (a repeated name keeps its last value).
     */
    public record RouteMatch(String name, String pathRegex, List<String> methods, Map<String, String> headers) {
        public RouteMatch {
            methods = List.copyOf(methods);
            headers = Map.copyOf(headers);
        }
    }
}
