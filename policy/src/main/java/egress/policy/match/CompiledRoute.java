package egress.policy.match;

import egress.policy.model.Engine;
import egress.policy.model.HttpRouteGroup;
import egress.policy.model.ObjectRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One HTTPRouteGroup match, compiled once for an engine: RE2 patterns built, methods as a set.
 * Under {@code osm} (Envoy) the path regex must match the whole path without the query, header names
 * are case-insensitive and a header must be present; under {@code pipy} the regex may match anywhere
 * in path and query, and a header is looked up by its name as written (pipy lower-cases incoming
 * names), a missing one being tested as the empty string.
 */
final class CompiledRoute {
    /** Pipy's expansion of a wildcard method. */
    static final CompiledRoute[] NONE = new CompiledRoute[0];

    private static final String[] NO_NAMES = new String[0];
    private static final TextMatcher[] NO_VALUES = new TextMatcher[0];
    static final Set<String> PIPY_WILDCARD_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    final ObjectRef group;
    final String matchName;
    final String pathRegex;
    /** What a request must be to match (shared by every equal match of a compilation). */
    final RouteTest test;

    CompiledRoute(Engine engine, ObjectRef group, HttpRouteGroup.RouteMatch m, TextMatcher.Cache cache) {
        this(engine, group, m, cache, null);
    }

    /** @param compilation shares method sets between routes; null for a route compiled on its own */
    CompiledRoute(
            Engine engine,
            ObjectRef group,
            HttpRouteGroup.RouteMatch m,
            TextMatcher.Cache cache,
            Compilation compilation) {
        this.group = group;
        this.matchName = m.name();
        this.pathRegex = m.pathRegex() == null || m.pathRegex().isEmpty() ? ".*" : m.pathRegex();
        TextMatcher p = compile(cache, engine, pathRegex);
        boolean ok = p != TextMatcher.INVALID;
        Set<String> ms = null;
        if (!m.methods().isEmpty() && !m.methods().contains("*")) {
            ms = compilation == null ? new HashSet<>(m.methods()) : compilation.methods(new HashSet<>(m.methods()));
        } else if (engine == Engine.PIPY) {
            ms = PIPY_WILDCARD_METHODS;
        }
        List<String> names = new ArrayList<>();
        List<TextMatcher> values = new ArrayList<>();
        for (Map.Entry<String, String> h : m.headers().entrySet()) {
            names.add(engine == Engine.OSM ? h.getKey().toLowerCase(Locale.ROOT) : h.getKey());
            TextMatcher v = compile(cache, engine, h.getValue());
            ok &= v != TextMatcher.INVALID;
            values.add(v);
        }
        if (compilation != null) {
            compilation.headerNames.addAll(names);
        }
        RouteTest t = new RouteTest(engine, p, ms, names.toArray(NO_NAMES), values.toArray(NO_VALUES), ok);
        this.test = compilation == null ? t : compilation.routeTest(t);
    }

    /** Envoy matches the whole text, pipy finds the regex anywhere in it. */
    private static TextMatcher compile(TextMatcher.Cache cache, Engine engine, String regex) {
        return engine == Engine.OSM ? cache.fullMatch(regex) : cache.find(regex);
    }

    boolean matches(EgressRequest r) {
        return test.matches(r);
    }

    /** A short description for explanations: {@code GET /get} or {@code * /status.*}. */
    egress.policy.i18n.Message describe() {
        Set<String> methods = test.methods;
        String[] headerNames = test.headerNames;
        String m = methods == null
                ? "*"
                : methods == PIPY_WILDCARD_METHODS ? "*" : String.join(",", new java.util.TreeSet<>(methods));
        return headerNames.length == 0
                ? egress.policy.i18n.Message.of("routes.route", m, pathRegex)
                : egress.policy.i18n.Message.of(
                        "routes.route-headers",
                        m,
                        pathRegex,
                        List.of(headerNames).toString());
    }
}
