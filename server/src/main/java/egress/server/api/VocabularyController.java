package egress.server.api;

import egress.policy.match.RouteTester;
import egress.policy.model.Egress;
import egress.policy.model.HttpRouteGroup;
import egress.policy.vocab.FieldText;
import egress.policy.vocab.Templates;
import egress.policy.yaml.Manifest;
import egress.server.workspace.Workspace;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The policy vocabulary for the web page, so it derives none of it: new-object templates, how a list or headers
 * field reads as text and back (in the schema's shape), and "try a path" decided by the matcher.
 */
final class VocabularyController {
    private final Workspace workspace;

    VocabularyController(Workspace workspace) {
        this.workspace = workspace;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/vocabulary", ctx -> ctx.json(Map.of("protocols", Templates.protocols())));
        routes.post("/api/vocabulary/template", this::template);
        routes.post("/api/vocabulary/field", this::field);
        routes.post("/api/routes/try", this::tryPath);
    }

    /**
     * {@code {kind: Egress|HTTPRouteGroup, namespace}}: a new object with a name no object of that kind in that
     * namespace has; {@code {kind: match, index}}: the index-th route match; {@code {kind: port}}: a new port;
     * {@code {kind: routeGroupRef, name}}: an Egress's reference to a route group.
     */
    private void template(Context ctx) {
        Map<String, Object> body = Bodies.object(ctx);
        String kind = Bodies.string(body, "kind", true);
        if (kind.equals(Egress.KIND) || kind.equals(HttpRouteGroup.KIND)) {
            String namespace = Bodies.string(body, "namespace", true);
            String base = kind.equals(Egress.KIND) ? Templates.EGRESS_NAME : Templates.ROUTE_GROUP_NAME;
            List<Manifest> all = workspace.all();
            String name = Templates.freshName(
                    base,
                    n -> all.stream()
                            .anyMatch(m ->
                                    kind.equals(m.kind()) && namespace.equals(m.namespace()) && n.equals(m.name())));
            ctx.json(
                    kind.equals(Egress.KIND)
                            ? Templates.egress(name, namespace)
                            : Templates.routeGroup(name, namespace));
            return;
        }
        switch (kind) {
            case "match" -> ctx.json(Templates.routeMatch(index(body)));
            case "port" -> ctx.json(Templates.newPort());
            case "routeGroupRef" -> ctx.json(Templates.routeGroupRef(Bodies.string(body, "name", true)));
            default ->
                throw ApiException.badRequest(
                        "Unknown template",
                        ProblemDetail.field(
                                "kind",
                                "expected Egress, HTTPRouteGroup, match, port or routeGroupRef, got '" + kind + "'"));
        }
    }

    private static int index(Map<String, Object> body) {
        if (body.get("index") instanceof Integer i && i >= 1) {
            return i;
        }
        throw ApiException.badRequest("Invalid field index", ProblemDetail.field("index", "expected a number >= 1"));
    }

    /** {@code {rule, text}} answers {@code {value}} (null: leave the field out); {@code {rule, value}} answers {@code {text}}. */
    private void field(Context ctx) {
        Map<String, Object> body = Bodies.object(ctx);
        FieldText rule;
        try {
            rule = FieldText.parse(Bodies.string(body, "rule", true));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Unknown field rule", ProblemDetail.field("rule", e.getMessage()));
        }
        if (body.containsKey("text")) {
            Object text = body.get("text");
            if (!(text instanceof String s)) {
                throw ApiException.badRequest("Invalid field text", ProblemDetail.field("text", "expected a string"));
            }
            Map<String, Object> answer = new HashMap<>();
            answer.put("value", rule.value(s));
            ctx.json(answer);
        } else {
            ctx.json(Map.of("text", rule.text(body.get("value"))));
        }
    }

    /** {@code {pathRegex, path}}: whether osm and pipy match it ({@code error} when RE2 rejects the regex). */
    private void tryPath(Context ctx) {
        Map<String, Object> body = Bodies.object(ctx);
        Object regex = body.get("pathRegex");
        Object path = body.get("path");
        if (regex != null && !(regex instanceof String) || path != null && !(path instanceof String)) {
            throw ApiException.badRequest(
                    "Invalid route test",
                    ProblemDetail.field(regex instanceof String ? "path" : "pathRegex", "expected a string"));
        }
        ctx.json(RouteTester.test((String) regex, Objects.toString(path, "")));
    }
}
