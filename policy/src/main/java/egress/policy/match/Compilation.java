package egress.policy.match;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one compilation shares between the policies it compiles: the host index of the whole set, compiled
 * regexes, and one copy of each equal string, upstream and method set (thousands of policies repeat a few
 * popular hosts and the same method lists).
 */
final class Compilation {
    final HostIndex hosts = new HostIndex();
    final TextMatcher.Cache regexes = new TextMatcher.Cache();
    private final Map<String, String> strings = new HashMap<>();
    private final Map<Upstream, Upstream> upstreams = new HashMap<>();
    private final Map<Set<String>, Set<String>> methodSets = new HashMap<>();
    /** The header names route matches test, as they look them up. */
    final Set<String> headerNames = new TreeSet<>();

    String intern(String s) {
        String known = strings.putIfAbsent(s, s);
        return known == null ? s : known;
    }

    Upstream upstream(String host, int port) {
        Upstream u = Upstream.policyHost(intern(host), port);
        Upstream known = upstreams.putIfAbsent(u, u);
        return known == null ? u : known;
    }

    private final Map<RouteTest, RouteTest> routeTests = new HashMap<>();
    private final Map<java.util.List<RouteTest>, RouteTest[]> routeTestLists = new HashMap<>();

    /** One instance of each equal route test. */
    RouteTest routeTest(RouteTest t) {
        RouteTest known = routeTests.putIfAbsent(t, t);
        return known == null ? t : known;
    }

    /** The tests of a policy's routes, in order, as one array shared by every host and policy with the same. */
    RouteTest[] routeTests(java.util.List<CompiledRoute> routes) {
        java.util.List<RouteTest> tests = new java.util.ArrayList<>(routes.size());
        routes.forEach(r -> tests.add(r.test));
        return routeTestLists.computeIfAbsent(tests, k -> k.toArray(new RouteTest[0]));
    }

    Set<String> methods(Set<String> methods) {
        return methodSets.computeIfAbsent(Set.copyOf(methods), k -> k);
    }
}
