package egress.policy.match;

import egress.policy.model.Engine;
import java.util.Arrays;
import java.util.Set;

/**
 * What a request must be to match one HTTPRouteGroup match under one engine (methods, path regex, headers), apart
 * from which group and match it is: {@link CompiledRoute} keeps those. A compilation shares one instance among
 * equal matches ({@link Compilation#routeTest}), so the few route shapes of thousands of policies stay in the
 * CPU's caches. Two are equal when they test with the same matcher objects (a compilation's matchers are one per
 * regex) and the same method set instance.
 */
final class RouteTest {
    private final Engine engine;
    private final TextMatcher path;
    final Set<String> methods;
    final String[] headerNames;
    private final TextMatcher[] headerValues;
    private final boolean valid;

    RouteTest(
            Engine engine,
            TextMatcher path,
            Set<String> methods,
            String[] headerNames,
            TextMatcher[] headerValues,
            boolean valid) {
        this.engine = engine;
        this.path = path;
        this.methods = methods;
        this.headerNames = headerNames;
        this.headerValues = headerValues;
        this.valid = valid;
    }

    boolean matches(EgressRequest r) {
        if (!valid) {
            return false;
        }
        if (methods != null && !methods.contains(r.method())) {
            return false;
        }
        if (engine == Engine.OSM) {
            if (!path.test(r.path())) {
                return false;
            }
            for (int i = 0; i < headerNames.length; i++) {
                String v = r.headers().get(headerNames[i]);
                if (v == null || !headerValues[i].test(v)) {
                    return false;
                }
            }
            return true;
        }
        if (!path.test(r.target())) {
            return false;
        }
        for (int i = 0; i < headerNames.length; i++) {
            String v = r.headers().get(headerNames[i]);
            if (!headerValues[i].test(v == null ? "" : v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RouteTest t)) {
            return false;
        }
        if (engine != t.engine
                || path != t.path
                || methods != t.methods
                || valid != t.valid
                || !Arrays.equals(headerNames, t.headerNames)
                || headerValues.length != t.headerValues.length) {
            return false;
        }
        for (int i = 0; i < headerValues.length; i++) {
            if (headerValues[i] != t.headerValues[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return ((engine.hashCode() * 31 + System.identityHashCode(path)) * 31 + System.identityHashCode(methods)) * 31
                + Arrays.hashCode(headerNames);
    }
}
