package egress.server.api;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.server.workspace.ResourceKey;
import egress.server.workspace.Workspace;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** Workspace resources: list, get, put, delete, import and export YAML. IO only; the Workspace does the rest. */
final class WorkspaceController {
    /** Path segment for "no namespace" (cluster-scoped objects). */
    static final String NO_NAMESPACE = "-";
    private static final String ONE = "/api/workspace/resources/{kind}/{namespace}/{name}";

    record ResourceView(String apiVersion, String kind, String namespace, String name, String file,
                        Map<String, Object> content) {
        static ResourceView of(Manifest m) {
            return new ResourceView(m.apiVersion(), m.kind(), m.namespace(), m.name(), m.source(), m.content());
        }
    }

    private final Workspace workspace;

    WorkspaceController(Workspace workspace) {
        this.workspace = workspace;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/workspace/resources", ctx -> ctx.json(workspace.all().stream().map(ResourceView::of).toList()));
        routes.get(ONE, ctx -> ctx.json(ResourceView.of(workspace.get(key(ctx))
                .orElseThrow(() -> ApiException.notFound("No such resource in the workspace")))));
        routes.put(ONE, this::put);
        routes.delete(ONE, ctx -> {
            if (!workspace.delete(key(ctx))) {
                throw ApiException.notFound("No such resource in the workspace");
            }
            ctx.status(204);
        });
        routes.post("/api/workspace/import", this::importYaml);
        routes.get("/api/workspace/export", ctx -> ctx.contentType("application/yaml; charset=utf-8")
                .result(workspace.exportYaml()));
    }

    private void put(Context ctx) throws ManifestException {
        ResourceKey key = key(ctx);
        List<Manifest> read = read(file(ctx, key.name() + ".yaml"), ctx.body());
        if (read.size() != 1) {
            throw ApiException.badRequest("Expected exactly one object", ProblemDetail.field("body",
                    read.size() + " objects"));
        }
        Manifest m = read.get(0);
        if (!ResourceKey.of(m).equals(key)) {
            throw ApiException.badRequest("The object does not match the URL",
                    ProblemDetail.field("metadata", "expected " + key + ", got " + ResourceKey.of(m)));
        }
        boolean replaced = workspace.put(m);
        ctx.status(replaced ? 200 : 201).json(ResourceView.of(m));
    }

    private void importYaml(Context ctx) throws ManifestException {
        String file = file(ctx, "import.yaml");
        read(file, ctx.body());
        if ("true".equals(ctx.queryParam("replace"))) {
            workspace.clear();
        }
        List<Manifest> imported = workspace.importYaml(file, ctx.body());
        ctx.json(Map.of("imported", imported.size(), "resources", imported.stream().map(ResourceView::of).toList()));
    }

    /** Reads a body, answering 400 with the file, line and column when it is not valid YAML. */
    static List<Manifest> read(String file, String text) {
        try {
            return ManifestReader.read(file, text);
        } catch (ManifestException e) {
            throw ApiException.badRequest("The YAML cannot be read", new ProblemDetail(e.file(), e.position().line(),
                    e.position().column(), null, e.reason(), null));
        }
    }

    private static String file(Context ctx, String fallback) {
        String f = ctx.queryParam("file");
        return f == null || f.isBlank() ? fallback : f;
    }

    private static ResourceKey key(Context ctx) {
        String ns = ctx.pathParam("namespace");
        return new ResourceKey(ctx.pathParam("kind"), NO_NAMESPACE.equals(ns) ? "" : ns, ctx.pathParam("name"));
    }
}
