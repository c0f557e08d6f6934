package egress.designer.viewmodel;

import egress.designer.workspace.Doc;
import egress.designer.workspace.SourceFile;
import egress.designer.workspace.Workspace;
import egress.simulator.testfile.CaseResult;
import egress.simulator.testfile.EgressTestFile;
import egress.simulator.testfile.TestFileException;
import egress.simulator.testfile.TestFileParser;
import egress.simulator.testfile.TestRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Runs the EgressTest files of the workspace (as saved on disk) and lists each case's result. */
public final class TestsViewModel {
    private final ObservableList<TestRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<UiText> summary = new SimpleObjectProperty<>(UiText.of("tests.none"));

    /** Runs every test file of the workspace; a file that cannot be read becomes one failed row. */
    public void run(Workspace workspace) {
        run(workspace, Locale.ENGLISH);
    }

    /** {@link #run(Workspace)} with the failures explained in a language. */
    public void run(Workspace workspace, Locale locale) {
        List<TestRow> out = new ArrayList<>();
        boolean unsaved = false;
        for (SourceFile f : workspace.files()) {
            if (f.path() == null || f.docs().stream().noneMatch(TestsViewModel::isTest)) {
                continue;
            }
            unsaved |= f.dirty();
            out.addAll(runFile(f.path(), locale));
        }
        rows.setAll(out);
        long failed = out.stream().filter(r -> !r.passed()).count();
        summary.set(out.isEmpty() ? UiText.of("tests.none")
                : UiText.of(unsaved ? "tests.summaryUnsaved" : "tests.summary", out.size() - failed, failed));
    }

    static List<TestRow> runFile(Path path) {
        return runFile(path, Locale.ENGLISH);
    }

    static List<TestRow> runFile(Path path, Locale locale) {
        List<TestRow> out = new ArrayList<>();
        String file = path.getFileName().toString();
        try {
            for (EgressTestFile t : TestFileParser.parse(path)) {
                for (CaseResult r : TestRunner.run(t)) {
                    out.add(new TestRow(r.passed(), file, r.name(), String.join("; ", r.failures(locale))));
                }
            }
        } catch (TestFileException e) {
            out.add(new TestRow(false, file, "", e.getMessage()));
        }
        return out;
    }

    private static boolean isTest(Doc d) {
        return TestFileParser.KIND.equals(d.kind());
    }

    public ObservableList<TestRow> rows() {
        return rows;
    }

    public ObjectProperty<UiText> summaryProperty() {
        return summary;
    }
}
