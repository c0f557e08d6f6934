package egress.designer.viewmodel;

import egress.designer.workspace.Doc;
import egress.designer.workspace.SourceFile;
import egress.designer.workspace.Workspace;
import egress.simulator.Workbench;
import egress.simulator.testfile.CaseResult;
import egress.simulator.testfile.ResourceFileReader;
import egress.simulator.testfile.TestFileParser;
import egress.simulator.testfile.TestRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Runs the EgressTest files of the workspace as edited, saved or not, and lists each case's result: the test
 * files' texts as they stand in the designer, and a file they name ({@code resourceFiles}, {@code applyFiles})
 * from the workspace when it holds that file (from disk otherwise). Runs go through the workspace's
 * {@link Workbench}: running again with nothing changed decides nothing.
 */
public final class TestsViewModel {
    private final ObservableList<TestRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<UiText> summary = new SimpleObjectProperty<>(UiText.of("tests.none"));

    /** Runs every test file of the workspace; a file that cannot be read becomes one failed row. */
    public void run(Workspace workspace, Workbench.Snapshot snapshot) {
        run(workspace, snapshot, Locale.ENGLISH);
    }

    /**
     * {@link #run(Workspace, Workbench.Snapshot)} with the failures explained in a language.
     *
     * @param snapshot the workbench's version of {@code workspace}'s manifests
     */
    public void run(Workspace workspace, Workbench.Snapshot snapshot, Locale locale) {
        List<TestRow> out = new ArrayList<>();
        for (SourceFile f : workspace.files()) {
            if (f.path() == null || f.loadError() != null || f.docs().stream().noneMatch(TestsViewModel::isTest)) {
                continue;
            }
            TestRun run = snapshot.test(
                    f.path(), f.path().toString(), f.text(), ResourceFileReader.relativeTo(f.path()), true);
            String file = f.path().getFileName().toString();
            if (run.error() != null) {
                out.add(new TestRow(false, file, "", run.error().getMessage()));
            }
            for (CaseResult r : run.results()) {
                out.add(new TestRow(r.passed(), file, r.name(), String.join("; ", r.failures(locale))));
            }
        }
        rows.setAll(out);
        long failed = out.stream().filter(r -> !r.passed()).count();
        summary.set(out.isEmpty() ? UiText.of("tests.none") : UiText.of("tests.summary", out.size() - failed, failed));
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
