package egress.policy.validate;

import com.google.re2j.PatternSyntaxException;
import egress.policy.i18n.Message;
import egress.policy.match.PolicyRegex;
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
    private RouteGroupLints() {}

    static void lint(LintContext cx) {
        for (Manifest m : cx.set().manifests()) {
            if (HttpRouteGroup.KIND.equals(m.kind())
                    && Crd.HTTP_ROUTE_GROUP.group().equals(m.group())) {
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
                warn(cx, ref, at + ".pathRegex", Message.of(Codes.PATH_REGEX_INVALID, regex, error));
            } else if (!portable(regex)) {
                cx.warn(
                        Engine.PIPY,
                        HttpRouteGroup.KIND,
                        ref,
                        at + ".pathRegex",
                        Message.of(Codes.PIPY_PATH_REGEX, regex, portableForm(regex)));
            }
        }
        Object methods = match.get("methods");
        if (!(methods instanceof List<?> l) || l.isEmpty() || l.contains("*")) {
            cx.warn(
                    Engine.PIPY,
                    HttpRouteGroup.KIND,
                    ref,
                    methods == null ? at : at + ".methods",
                    Message.of(Codes.PIPY_WILDCARD_METHODS));
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
            warn(cx, ref, at, Message.of(Codes.HEADERS_MULTI_KEY, kv.size(), String.join(", ", keys), ref));
        }
        for (Map.Entry<?, ?> h : kv.entrySet()) {
            String name = String.valueOf(h.getKey());
            String path = at + "." + name;
            if (h.getValue() instanceof String regex) {
                String error = re2Error(regex);
                if (error != null) {
                    warn(cx, ref, path, Message.of(Codes.HEADER_REGEX_INVALID, name, regex, error));
                }
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals(name)) {
                cx.warn(
                        Engine.PIPY,
                        HttpRouteGroup.KIND,
                        ref,
                        path,
                        Message.of(Codes.PIPY_HEADER_CAPITALS, name, lower));
            }
        }
    }

    /** The description of the RE2 syntax error, or null when the regex is valid RE2. */
    static String re2Error(String regex) {
        try {
            PolicyRegex.compile(regex);
            return null;
        } catch (PatternSyntaxException e) {
            return e.getPattern() == null || e.getPattern().isEmpty()
                    ? e.getDescription()
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

    private static void warn(LintContext cx, ObjectRef ref, String path, Message message) {
        cx.warn(HttpRouteGroup.KIND, ref, path, message);
    }
}
