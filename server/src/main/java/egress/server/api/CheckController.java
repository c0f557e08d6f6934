package egress.server.api;

import egress.policy.model.Engine;
import egress.policy.validate.Diagnostic;
import egress.policy.validate.Report;
import egress.policy.validate.Validator;
import egress.server.workspace.Workspace;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/** Validation and lint of the workspace. */
final class CheckController {
    record DiagnosticView(String severity, String code, String file, int line, int column, String object,
                          String field, String message) {
        static DiagnosticView of(Diagnostic d) {
            return new DiagnosticView(d.severity().label(), d.code(), d.source(), d.position().line(),
                    d.position().column(), d.object(), d.path(), d.message());
        }
    }

    record ReportView(int errors, int warnings, List<DiagnosticView> diagnostics) {
        static ReportView of(Report r) {
            return new ReportView(r.errors().size(), r.warnings().size(),
                    r.diagnostics().stream().map(DiagnosticView::of).toList());
        }
    }

    private final Workspace workspace;

    CheckController(Workspace workspace) {
        this.workspace = workspace;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/validate", this::validate);
    }

    /** 200 with the report, errors included: a report with errors is a result, not a failed request. */
    private void validate(Context ctx) {
        Engine engine = engine(ctx.queryParam("engine"), "engine");
        ctx.json(ReportView.of(Validator.validate(workspace.all(), engine)));
    }

    /** The engine named, or null for "both" when absent. */
    static Engine engine(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Engine.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Unknown engine", ProblemDetail.field(field, e.getMessage()));
        }
    }
}
