package egress.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import egress.policy.i18n.Message;
import egress.policy.validate.Diagnostic;
import egress.policy.validate.Report;
import egress.policy.validate.Validator;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "validate",
        description = {
            "Check manifests as the API server and osm-edge's webhook would (errors), and lint them (warnings).",
            "Exit 0 when every manifest is admitted, 1 when any is rejected (or warned, with --strict), "
                    + "2 when a file cannot be read."
        })
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "manifest files or folders")
    List<Path> paths;

    @Option(names = "--strict", description = "warnings fail too")
    boolean strict;

    @Option(names = "--output", description = "text (default) or json", defaultValue = "text")
    String output;

    /** Which data plane the lint speaks for. */
    @Mixin
    EngineOption engine;

    @ParentCommand
    Main parent;

    private Locale locale() {
        return parent == null ? Locale.ENGLISH : parent.locale;
    }

    @Override
    public Integer call() throws IOException {
        List<Manifest> manifests = new ArrayList<>();
        for (Path p : paths) {
            try {
                manifests.addAll(ManifestReader.read(p));
            } catch (ManifestException e) {
                System.err.println(e.getMessage(locale()));
                return 2;
            }
        }
        manifests.removeIf(m -> "EgressTest".equals(m.kind()));
        Report report = Validator.validate(manifests, engine.engine());
        PrintStream out = System.out;
        if (output.equals("json")) {
            printJson(report, manifests.size(), out, locale());
        } else {
            report.diagnostics().forEach(d -> out.println(d.format(locale())));
            out.println(Message.of(
                            "cli.summary",
                            manifests.size(),
                            report.errors().size(),
                            report.warnings().size())
                    .render(locale()));
        }
        if (report.hasErrors() || (strict && !report.warnings().isEmpty())) {
            return 1;
        }
        return 0;
    }

    /** {@code message} in the chosen language, with {@code args}: the message's arguments, as text. */
    private static void printJson(Report report, int count, PrintStream out, Locale locale) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeNumberField("manifests", count);
        g.writeBooleanField("admitted", !report.hasErrors());
        g.writeArrayFieldStart("diagnostics");
        for (Diagnostic d : report.diagnostics()) {
            g.writeStartObject();
            g.writeStringField("file", d.source());
            g.writeNumberField("line", d.position().line());
            g.writeNumberField("column", d.position().column());
            g.writeStringField("severity", d.severity().label());
            g.writeStringField("code", d.code());
            g.writeStringField("object", d.object());
            g.writeStringField("field", d.path());
            g.writeStringField("message", d.message(locale));
            g.writeArrayFieldStart("args");
            for (String a : d.args()) {
                g.writeString(a);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.println();
    }
}
