package egress.designer.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Tests view runs the workspace as edited: a policy file a test names is taken from the designer, unsaved
 * edits included (as the server's {@code /api/tests} takes it from its workspace), and running again with nothing
 * changed decides nothing.
 */
class DesktopTestsTest {
    private static final String TEST = """
            apiVersion: egress.designer/v1
            kind: EgressTest
            metadata: {name: httpbin}
            resourceFiles: [../egress-httpbin-80.yaml]
            cases:
            - name: httpbin.org is allowed on 80
              request: {from: curl/curl, curl: "curl -sI http://httpbin.org:80/get"}
              expect: {verdict: allow}
            """;

    @TempDir
    Path dir;

    private final WorkspaceViewModel vm = new WorkspaceViewModel(new Messages(), new Fixtures.ScriptedDialogs());
    private String saved;

    @BeforeEach
    void open() throws IOException {
        Files.copy(Fixtures.samples().resolve("egress-httpbin-80.yaml"), dir.resolve("egress-httpbin-80.yaml"));
        saved = Files.readString(dir.resolve("egress-httpbin-80.yaml"));
        Files.createDirectories(dir.resolve("tests"));
        Files.writeString(dir.resolve("tests/httpbin.yaml"), TEST);
        vm.open(List.of(dir));
    }

    private void editHostWithoutSaving() {
        vm.selectedProperty()
                .set(vm.policies().stream()
                        .filter(d -> "httpbin-80".equals(d.name()))
                        .findFirst()
                        .orElseThrow());
        EditorViewModel ed = vm.editor();
        ed.yamlProperty().set(ed.yamlProperty().get().replace("httpbin.org", "example.com"));
    }

    @Test
    void anUnsavedEditToAPolicyTheTestNamesChangesTheOutcome() throws IOException {
        vm.runTests();
        assertThat(vm.tests().rows())
                .singleElement()
                .satisfies(r -> assertThat(r.passed()).isTrue());

        editHostWithoutSaving();
        vm.runTests();

        assertThat(vm.dirtyProperty().get()).isTrue();
        assertThat(Files.readString(dir.resolve("egress-httpbin-80.yaml"))).isEqualTo(saved);
        assertThat(vm.tests().rows()).singleElement().satisfies(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.differed()).isEqualTo("verdict should be allow, got deny");
        });
        assertThat(vm.tests().summaryProperty().get()).isEqualTo(UiText.of("tests.summary", 0L, 1L));
    }

    @Test
    void runningAgainWithNothingChangedDecidesNothing() {
        vm.runTests();
        long runs = vm.workbench().testRuns();
        List<egress.designer.viewmodel.TestRow> rows = List.copyOf(vm.tests().rows());

        vm.runTests();
        vm.runTests();

        assertThat(runs).isEqualTo(1);
        assertThat(vm.workbench().testRuns()).isEqualTo(runs);
        assertThat(vm.tests().rows()).isEqualTo(rows);

        editHostWithoutSaving();
        vm.runTests();
        assertThat(vm.workbench().testRuns()).as("an edit runs it again").isEqualTo(runs + 1);
    }
}
