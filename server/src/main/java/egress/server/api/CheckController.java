package egress.server.api;

import egress.policy.i18n.Messages;
import egress.policy.model.Engine;
import egress.policy.validate.Diagnostic;
import egress.policy.validate.Report;
import egress.server.workspace.Workspace;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/** Validation and lint of the workspace. */
final class CheckController {
    /**
     * {@code message} in the request's language (admission messages as the API server and webhook write them);
     * {@code code} is also the message's code, {@code args} its arguments (empty for a verbatim message).
     */
    record DiagnosticView(
            String severity,
            String code,
            String file,
            int line,
            int column,
            String object,
            String field,
            String message,
            List<String> args) {
        static DiagnosticView of(Diagnostic d, Locale locale) {
            return new DiagnosticView(
                    d.severity().label(),
                    d.code(),
                    d.source(),
                    d.position().line(),
                    d.position().column(),
                    d.object(),
                    d.path(),
                    d.message(locale),
                    d.args());
        }
    }

    record ReportView(int errors, int warnings, List<DiagnosticView> diagnostics) {
        static ReportView of(Report r, Locale locale) {
            return new ReportView(
                    r.errors().size(),
                    r.warnings().size(),
                    r.diagnostics().stream()
                            .map(d -> DiagnosticView.of(d, locale))
                            .toList());
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
        ctx.json(ReportView.of(workspace.workbench().snapshot().report(engine), language(ctx)));
    }

    /**
     * The language to explain in: the {@code lang} query parameter ({@code en}, {@code ja}), else the first
     * language of {@code Accept-Language} (the page sends its own), else English.
     */
    static Locale language(Context ctx) {
        Locale byQuery = Messages.parseLang(ctx.queryParam("lang"));
        if (byQuery != null) {
            return byQuery;
        }
        String header = ctx.header("Accept-Language");
        if (header != null && !header.isBlank()) {
            Locale first = Messages.parseLang(header.split(",", 2)[0].split(";", 2)[0]);
            if (first != null) {
                return first;
            }
        }
        return Locale.ENGLISH;
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
