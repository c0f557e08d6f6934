package egress.policy.validate;

import egress.policy.yaml.Manifest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The outcome of validating a set of manifests: every diagnostic, sorted by source, line and column, and the
 * manifests the cluster would reject.
 */
public record Report(List<Diagnostic> diagnostics, List<Manifest> rejected) {
    private static final Comparator<Diagnostic> ORDER = Comparator.comparing(Diagnostic::source)
            .thenComparingInt(d -> d.position().line())
            .thenComparingInt(d -> d.position().column())
            .thenComparing(Diagnostic::code);

    public Report {
        List<Diagnostic> sorted = new ArrayList<>(diagnostics);
        sorted.sort(ORDER);
        diagnostics = List.copyOf(sorted);
        rejected = List.copyOf(rejected);
    }

    /** Whether any manifest would be rejected. */
    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }
}
