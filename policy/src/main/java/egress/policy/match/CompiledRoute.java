package egress.policy.match;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
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
    static final Set<String> PIPY_WILDCARD_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    final ObjectRef group;
    final String matchName;
    final String pathRegex;
    private final Engine engine;
    private final Pattern path;
    private final Set<String> methods;
    private final List<String> headerNames;
    private final List<Pattern> headerValues;
    private final boolean valid;

    CompiledRoute(Engine engine, ObjectRef group, HttpRouteGroup.RouteMatch m) {
        this.engine = engine;
        this.group = group;
        this.matchName = m.name();
        this.pathRegex = m.pathRegex() == null || m.pathRegex().isEmpty() ? ".*" : m.pathRegex();
        Pattern p = compile(pathRegex);
        boolean ok = p != null;
        Set<String> ms = null;
        if (!m.methods().isEmpty() && !m.methods().contains("*")) {
            ms = new HashSet<>(m.methods());
        } else if (engine == Engine.PIPY) {
            ms = PIPY_WILDCARD_METHODS;
        }
        List<String> names = new ArrayList<>();
        List<Pattern> values = new ArrayList<>();
        for (Map.Entry<String, String> h : m.headers().entrySet()) {
            names.add(engine == Engine.OSM ? h.getKey().toLowerCase(Locale.ROOT) : h.getKey());
            Pattern v = compile(h.getValue());
            ok &= v != null;
            values.add(v);
        }
        this.path = p;
        this.methods = ms;
        this.headerNames = List.copyOf(names);
        this.headerValues = values;
        this.valid = ok;
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return null; // never matches; the lint reports it
        }
    }

    boolean matches(EgressRequest r) {
        if (!valid) {
            return false;
        }
        if (methods != null && !methods.contains(r.method())) {
            return false;
        }
        if (engine == Engine.OSM) {
            if (!path.matches(r.path())) {
                return false;
            }
            for (int i = 0; i < headerNames.size(); i++) {
                String v = r.headers().get(headerNames.get(i));
                if (v == null || !headerValues.get(i).matches(v)) {
                    return false;
                }
            }
            return true;
        }
        if (!path.matcher(r.target()).find()) {
            return false;
        }
        for (int i = 0; i < headerNames.size(); i++) {
            String v = r.headers().get(headerNames.get(i));
            if (!headerValues.get(i).matcher(v == null ? "" : v).find()) {
                return false;
            }
        }
        return true;
    }

    /** A short description for explanations: {@code GET /get} or {@code * /status.*}. */
    String describe() {
        String m = methods == null ? "*" : methods == PIPY_WILDCARD_METHODS ? "*" : String.join(",", new java.util.TreeSet<>(methods));
        return m + " " + pathRegex + (headerNames.isEmpty() ? "" : " with headers " + headerNames);
    }
}
