package egress.policy.match;

import com.google.re2j.PatternSyntaxException;
import egress.policy.model.Engine;
import egress.policy.model.HttpRouteGroup;
import egress.policy.model.Identity;
import egress.policy.model.ObjectRef;
import java.util.List;
import java.util.Map;

/**
 * "Try a path": whether a route match's {@code pathRegex} matches a request target under each engine, decided by
 * the matcher's own compiled route (RE2: osm matches the whole path without the query, pipy finds the regex
 * anywhere in path and query). The designers show this; none of them evaluates a regex itself.
 */
public final class RouteTester {
    private static final Identity TRIER = new Identity("default", "route-tester");
    private static final ObjectRef GROUP = new ObjectRef("default", "route-tester");

    private RouteTester() {}

    /**
     * What a path does against a regex.
     *
     * @param osm   whether osm (Envoy) matches it, or null when the regex is not RE2
     * @param pipy  whether pipy matches it, or null when the regex is not RE2
     * @param error RE2's complaint about the regex, or null
     */
    public record Result(Boolean osm, Boolean pipy, String error) {}

    /** Tries {@code target} (a path, with or without a query) against {@code pathRegex} (empty: any path). */
    public static Result test(String pathRegex, String target) {
        String regex = pathRegex == null ? "" : pathRegex;
        if (!regex.isEmpty()) {
            try {
                PolicyRegex.compile(regex);
            } catch (PatternSyntaxException e) {
                return new Result(null, null, e.getMessage());
            }
        }
        String t = target == null || target.isEmpty() ? "/" : target;
        return new Result(matches(Engine.OSM, regex, t), matches(Engine.PIPY, regex, t), null);
    }

    private static boolean matches(Engine engine, String regex, String target) {
        HttpRouteGroup.RouteMatch m = new HttpRouteGroup.RouteMatch("try", regex, List.of(), Map.of());
        CompiledRoute route = new CompiledRoute(engine, GROUP, m, new TextMatcher.Cache());
        return route.matches(EgressRequest.http(TRIER, 0, 80, "route-tester", "GET", target, Map.of()));
    }
}
