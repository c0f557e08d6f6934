package egress.designer.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import egress.designer.workspace.SourceFile;
import egress.designer.workspace.WorkspaceStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving: in place, atomically, keeping what is not modelled, and never over someone else's change. */
class SavingTest {
    @TempDir
    Path dir;

    private final Fixtures.ScriptedDialogs dialogs = new Fixtures.ScriptedDialogs();
    private final WorkspaceViewModel vm = new WorkspaceViewModel(new Messages(), dialogs);

    private Path routes() throws IOException {
        Path f = dir.resolve("routes.yaml");
        Files.copy(Fixtures.samples().resolve("egress-httpbin-80-routes.yaml"), f);
        return f;
    }

    @Test
    void anEditedFileKeepsItsHeadingDocumentOrderAndUnmodelledFields() throws IOException {
        Path f = routes();
        vm.open(List.of(dir));
        vm.selectedProperty().set(vm.policies().get(1));
        vm.editor().egress().hostsProperty().set("httpbin.org\nexample.com");
        vm.save();
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertThat(text).startsWith("# HTTP egress with SMI route matches");
        assertThat(text.indexOf("kind: HTTPRouteGroup")).isNotNegative().isLessThan(text.indexOf("kind: Egress"));
        assertThat(text).contains("- example.com").contains("apiGroup: specs.smi-spec.io/v1alpha4");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("routes.yaml");
        }
    }

    @Test
    void aFileChangedOnDiskBySomeoneElseIsNotOverwrittenAndCanBeReloaded() throws IOException {
        Path f = routes();
        vm.open(List.of(dir));
        vm.selectedProperty().set(vm.policies().get(1));
        vm.editor().egress().hostsProperty().set("mine.example");
        Files.writeString(f, Files.readString(f).replace("httpbin.org", "theirs.example"));
        dialogs.answer = true;
        vm.save();
        assertThat(dialogs.lastQuestion.key()).isEqualTo("dialog.reloadChanged");
        assertThat(Files.readString(f)).contains("theirs.example").doesNotContain("mine.example");
        assertThat(vm.policies().get(1).content().toString()).contains("theirs.example");
        assertThat(vm.dirtyProperty().get()).isFalse();
    }

    @Test
    void declinedReloadLeavesTheEditsAndSaysWhyNothingWasSaved() throws IOException {
        Path f = routes();
        vm.open(List.of(dir));
        vm.selectedProperty().set(vm.policies().get(1));
        vm.editor().egress().hostsProperty().set("mine.example");
        Files.writeString(f, "# emptied by someone else\n");
        dialogs.answer = false;
        vm.save();
        assertThat(vm.statusProperty().get()).isEqualTo(UiText.of("status.changedOnDisk", "routes.yaml"));
        assertThat(Files.readString(f)).isEqualTo("# emptied by someone else\n");
        assertThat(vm.dirtyProperty().get()).isTrue();
    }

    @Test
    void aFailedWriteLeavesTheOldTargetAndNoTemporaryFile() throws IOException {
        Path f = routes();
        SourceFile file = WorkspaceStore.read(f);
        Path target = Files.createDirectory(dir.resolve("busy.yaml"));
        Files.writeString(target.resolve("keep"), "x");
        assertThatThrownBy(() -> WorkspaceStore.save(file, target)).isInstanceOf(IOException.class);
        assertThat(target.resolve("keep")).exists();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("routes.yaml", "busy.yaml");
        }
    }

    @Test
    void unchangedFilesAreCopiedVerbatimWhenSavingToAnotherFolder() throws IOException {
        Path f = routes();
        vm.open(List.of(dir));
        Path out = Files.createDirectory(dir.resolve("copy"));
        vm.saveTo(out);
        assertThat(Files.readString(out.resolve("routes.yaml"))).isEqualTo(Files.readString(f));
    }
}
