package egress.server.api;

import egress.policy.match.ReachGraph;
import egress.policy.model.Engine;
import egress.server.workspace.Workspace;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The reach graph of the workspace as an engine compiles it (policy's {@link ReachGraph}), for the page's graph. */
final class GraphController {
    /** One edge; {@code policy} and {@code client} are {@code namespace/name}. */
    record EdgeView(String client, String policy, int portIndex, int port, String protocol, String destination) {
        static EdgeView of(ReachGraph.Edge e) {
            return new EdgeView(
                    e.client().toString(),
                    e.policy().toString(),
                    e.portIndex(),
                    e.port(),
                    e.protocol(),
                    e.destination());
        }
    }

    record GraphView(List<EdgeView> edges, Map<String, String> ignored) {}

    private final Workspace workspace;

    GraphController(Workspace workspace) {
        this.workspace = workspace;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/graph", this::graph);
    }

    /** {@code {engine, policies?: ["ns/name", ...]}}: the edges of those Egress policies (all when absent). */
    private void graph(Context ctx) {
        Map<String, Object> body = Bodies.object(ctx);
        Engine engine = CheckController.engine(Bodies.string(body, "engine", false), "engine");
        Set<String> only = null;
        if (body.get("policies") instanceof List<?> list) {
            only = new HashSet<>();
            for (Object o : list) {
                only.add(String.valueOf(o));
            }
        } else if (body.get("policies") != null) {
            throw ApiException.badRequest(
                    "Invalid field policies", ProblemDetail.field("policies", "expected a list of namespace/name"));
        }
        ReachGraph g = workspace.workbench().snapshot().graph(engine == null ? Engine.OSM : engine);
        Set<String> wanted = only;
        List<EdgeView> edges = g.edges().stream()
                .filter(e -> wanted == null || wanted.contains(e.policy().toString()))
                .map(EdgeView::of)
                .toList();
        Map<String, String> ignored = new LinkedHashMap<>();
        g.ignored().forEach((ref, why) -> {
            if (wanted == null || wanted.contains(ref.toString())) {
                ignored.put(ref.toString(), why);
            }
        });
        ctx.json(new GraphView(edges, ignored));
    }
}
