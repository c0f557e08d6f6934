package egress.server.api;

import egress.policy.vocab.FieldText;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.policy.yaml.Position;
import egress.policy.yaml.Tree;
import egress.server.workspace.ResourceKey;
import egress.server.workspace.Workspace;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Workspace resources: list, get, put, delete, import and export YAML. IO only; the Workspace does the rest. */
final class WorkspaceController {
    /** Path segment for "no namespace" (cluster-scoped objects). */
    static final String NO_NAMESPACE = "-";

    private static final String ONE = "/api/workspace/resources/{kind}/{namespace}/{name}";

    /**
     * One object as the page shows it: {@code text} is the YAML it shows and saves, {@code positions} where each
     * field path ({@code spec.ports[1].protocol}) sits in that text, as validation's diagnostics point at it.
     */
    record ResourceView(
            String apiVersion,
            String kind,
            String namespace,
            String name,
            String file,
            Map<String, Object> content,
            String text,
            Map<String, Position> positions) {
        static ResourceView of(Workspace.Entry e) {
            Manifest m = e.manifest();
            return new ResourceView(
                    m.apiVersion(),
                    m.kind(),
                    m.namespace(),
                    m.name(),
                    e.file(),
                    m.content(),
                    e.text(),
                    m.sourceMap().positions());
        }
    }

    private final Workspace workspace;

    WorkspaceController(Workspace workspace) {
        this.workspace = workspace;
    }

    void register(RoutesConfig routes) {
        routes.get(
                "/api/workspace/resources",
                ctx -> ctx.json(
                        workspace.entries().stream().map(ResourceView::of).toList()));
        routes.get(
                ONE,
                ctx -> ctx.json(ResourceView.of(workspace
                        .entry(key(ctx))
                        .orElseThrow(() -> ApiException.notFound("No such resource in the workspace")))));
        routes.put(ONE, this::put);
        routes.delete(ONE, ctx -> {
            if (!workspace.delete(key(ctx))) {
                throw ApiException.notFound("No such resource in the workspace");
            }
            ctx.status(204);
        });
        routes.post("/api/workspace/import", this::importYaml);
        routes.post("/api/workspace/save", this::save);
        routes.post("/api/workspace/resources", this::store);
        routes.get(
                "/api/workspace/export",
                ctx -> ctx.contentType("application/yaml; charset=utf-8").result(workspace.exportYaml()));
    }

    /**
     * A JSON body is the content a form edited: it is written as every designer writes it. A YAML body is text the
     * user typed, kept as it is. Either way the answer carries the text stored, which the page then shows.
     */
    private void put(Context ctx) throws ManifestException {
        ResourceKey key = key(ctx);
        String file = ctx.queryParam("file");
        String label = file == null || file.isBlank() ? key.name() + ".yaml" : file;
        List<Manifest> read = read(label, ctx.body());
        if (read.size() != 1) {
            throw ApiException.badRequest(
                    "Expected exactly one object", ProblemDetail.field("body", read.size() + " objects"));
        }
        Manifest m = read.get(0);
        if (!ResourceKey.of(m).equals(key)) {
            throw ApiException.badRequest(
                    "The object does not match the URL",
                    ProblemDetail.field("metadata", "expected " + key + ", got " + ResourceKey.of(m)));
        }
        boolean existed = workspace.get(key).isPresent();
        String type = ctx.contentType();
        Workspace.Entry stored = type != null && type.startsWith("application/json")
                ? workspace.putContent(file, m.content())
                : workspace.putText(file, ctx.body());
        ctx.status(existed ? 200 : 201).json(ResourceView.of(stored));
    }

    /**
     * Stores one object whatever its key (the page does not parse what the user types): a JSON body is a form's
     * content, a YAML body typed text, as for PUT. {@code ?replaces=Kind/namespace/name} ({@code -} for no
     * namespace) names the object it takes the place of, removed when the key changed (a rename).
     */
    private void store(Context ctx) throws ManifestException {
        String file = ctx.queryParam("file");
        List<Manifest> read = read(file == null || file.isBlank() ? "<typed>" : file, ctx.body());
        if (read.size() != 1) {
            throw ApiException.badRequest(
                    "Expected exactly one object", ProblemDetail.field("body", read.size() + " objects"));
        }
        ResourceKey replaces = replaces(ctx.queryParam("replaces"));
        Manifest m = read.get(0);
        boolean existed = m.kind() != null
                && m.name() != null
                && workspace.get(ResourceKey.of(m)).isPresent();
        String type = ctx.contentType();
        Workspace.Entry stored = type != null && type.startsWith("application/json")
                ? workspace.putContent(file, FieldText.withoutEmptyLists(Tree.thaw(m.content())), replaces)
                : workspace.putText(file, ctx.body(), replaces);
        ctx.status(existed ? 200 : 201).json(ResourceView.of(stored));
    }

    private static ResourceKey replaces(String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        String[] parts = key.split("/", 3);
        if (parts.length != 3) {
            throw ApiException.badRequest(
                    "replaces: Kind/namespace/name expected", ProblemDetail.field("replaces", key));
        }
        return new ResourceKey(parts[0], NO_NAMESPACE.equals(parts[1]) ? "" : parts[1], parts[2]);
    }

    /** Writes the files whose objects changed into the workspace folder: {@code {saved: [file]}}. */
    private void save(Context ctx) throws IOException {
        if (workspace.folder() == null) {
            throw new ApiException(
                    409,
                    "no-folder",
                    "The server has no workspace folder to save in " + "(start egress serve with a folder)",
                    List.of());
        }
        ctx.json(Map.of("saved", workspace.save(), "folder", workspace.folder().toString()));
    }

    private void importYaml(Context ctx) throws ManifestException {
        String file = file(ctx, "import.yaml");
        read(file, ctx.body());
        if ("true".equals(ctx.queryParam("replace"))) {
            workspace.clear();
        }
        List<Manifest> imported = workspace.importYaml(file, ctx.body());
        ctx.json(Map.of(
                "imported",
                imported.size(),
                "resources",
                imported.stream()
                        .map(m -> ResourceView.of(
                                workspace.entry(ResourceKey.of(m)).orElseThrow()))
                        .toList()));
    }

    /** Reads a body, answering 400 with the file, line and column when it is not valid YAML. */
    static List<Manifest> read(String file, String text) {
        try {
            return ManifestReader.read(file, text);
        } catch (ManifestException e) {
            throw ApiException.badRequest(
                    "The YAML cannot be read",
                    new ProblemDetail(
                            e.file(), e.position().line(), e.position().column(), null, e.reason(), null));
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
