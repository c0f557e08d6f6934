package egress.policy.validate;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import egress.policy.model.Crd;
import egress.policy.model.Engine;
import egress.policy.model.HttpRouteGroup;
import egress.policy.model.ObjectRef;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Lints of HTTPRouteGroups, read from their manifests so that every finding points at the field. */
final class RouteGroupLints {
    private RouteGroupLints() {
    }

    static void lint(LintContext cx) {
        for (Manifest m : cx.set().manifests()) {
            if (HttpRouteGroup.KIND.equals(m.kind()) && Crd.HTTP_ROUTE_GROUP.group().equals(m.group())) {
                List<?> matches = Tree.list(m.content(), "spec.matches");
                for (int i = 0; matches != null && i < matches.size(); i++) {
                    if (matches.get(i) instanceof Map<?, ?> match) {
                        lintMatch(cx, new ObjectRef(m.namespace(), m.name()), "spec.matches[" + i + "]", match);
                    }
                }
            }
        }
    }

    private static void lintMatch(LintContext cx, ObjectRef ref, String at, Map<?, ?> match) {
        if (match.get("pathRegex") instanceof String regex && !regex.isEmpty()) {
            String error = re2Error(regex);
            if (error != null) {
                warn(cx, ref, Codes.PATH_REGEX_INVALID, at + ".pathRegex", "pathRegex \"" + regex + "\" is not valid RE2, so an"
                        + " Envoy data plane rejects the route configuration (" + error + "). Rewrite it in RE2 syntax");
            } else if (!portable(regex)) {
                cx.warn(Engine.PIPY, HttpRouteGroup.KIND, ref, Codes.PIPY_PATH_REGEX, at + ".pathRegex", "pathRegex \""
                        + regex + "\": osm matches the whole path without the query, pipy finds it anywhere in path and"
                        + " query. Write \"" + portableForm(regex) + "\" to get the same result on both");
            }
        }
        Object methods = match.get("methods");
        if (!(methods instanceof List<?> l) || l.isEmpty() || l.contains("*")) {
            cx.warn(Engine.PIPY, HttpRouteGroup.KIND, ref, Codes.PIPY_WILDCARD_METHODS,
                    methods == null ? at : at + ".methods", "any method means every method under osm but only GET, HEAD,"
                            + " POST, PUT, DELETE, PATCH and OPTIONS under pipy: CONNECT and TRACE are refused there."
                            + " List them explicitly if clients use them");
        }
        if (match.get("headers") instanceof List<?> headers) {
            for (int j = 0; j < headers.size(); j++) {
                if (headers.get(j) instanceof Map<?, ?> kv) {
                    lintHeader(cx, ref, at + ".headers[" + j + "]", kv);
                }
            }
        }
    }

    private static void lintHeader(LintContext cx, ObjectRef ref, String at, Map<?, ?> kv) {
        if (kv.size() > 1) {
            List<String> keys = new ArrayList<>();
            kv.keySet().forEach(k -> keys.add(String.valueOf(k)));
            warn(cx, ref, Codes.HEADERS_MULTI_KEY, at, "headers element has " + kv.size() + " keys (" + String.join(", ", keys)
                    + "): the SMI SDK cannot decode it (\"incorrect length of keyval\"), so osm treats HTTPRouteGroup "
                    + ref + " as missing and refuses the hosts that use it. Write one key per list element");
        }
        for (Map.Entry<?, ?> h : kv.entrySet()) {
            String name = String.valueOf(h.getKey());
            String path = at + "." + name;
            if (h.getValue() instanceof String regex) {
                String error = re2Error(regex);
                if (error != null) {
                    warn(cx, ref, Codes.HEADER_REGEX_INVALID, path, "header " + name + " regex \"" + regex
                            + "\" is not valid RE2, so an Envoy data plane rejects the route configuration (" + error
                            + "). Rewrite it in RE2 syntax");
                }
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals(name)) {
                cx.warn(Engine.PIPY, HttpRouteGroup.KIND, ref, Codes.PIPY_HEADER_CAPITALS, path, "header name \"" + name
                        + "\" has capitals: pipy never matches it (it lower-cases incoming names), osm does."
                        + " Write \"" + lower + "\"");
            }
        }
    }

    /** The description of the RE2 syntax error, or null when the regex is valid RE2. */
    static String re2Error(String regex) {
        try {
            Pattern.compile(regex);
            return null;
        } catch (PatternSyntaxException e) {
            return e.getPattern() == null || e.getPattern().isEmpty() ? e.getDescription()
                    : e.getDescription() + ": `" + e.getPattern() + "`";
        }
    }

    /** Whether osm's full match of the path and pipy's search of path and query agree for every request. */
    static boolean portable(String regex) {
        return regex.startsWith("^") && (regex.endsWith(".*") || regex.endsWith(".*$"));
    }

    /** The same path regex written so that both engines decide alike: anchored, with an optional query. */
    static String portableForm(String regex) {
        String core = regex.startsWith("^") ? regex.substring(1) : regex;
        core = core.endsWith("$") && !core.endsWith("\\$") ? core.substring(0, core.length() - 1) : core;
        if (core.contains("|")) {
            core = "(?:" + core + ")";
        }
        return "^" + core + "(\\?.*)?$";
    }

    private static void warn(LintContext cx, ObjectRef ref, String code, String path, String message) {
        cx.warn(HttpRouteGroup.KIND, ref, code, path, message);
    }
}
