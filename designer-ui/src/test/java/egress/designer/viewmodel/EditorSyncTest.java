package egress.designer.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.StringBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Form and YAML in step both ways, errors on fields and lines, undo/redo, languages. */
class EditorSyncTest {
    @TempDir
    Path dir;

    private final WorkspaceViewModel vm = new WorkspaceViewModel(new Messages(), new Fixtures.ScriptedDialogs());

    @Test
    void typedYamlRefillsTheFormAndBadYamlKeepsIt() throws IOException {
        vm.open(List.of(Fixtures.guideStart(dir)));
        GuideAuthoringTest.authorHttpbin80(vm);
        EditorViewModel ed = vm.editor();
        ed.yamlProperty().set(ed.yamlProperty().get().replace("httpbin.org", "api.github.com"));
        assertThat(ed.egress().hostsProperty().get()).isEqualTo("api.github.com");
        assertThat(ed.yamlErrorProperty().get()).isNull();

        ed.yamlProperty().set("spec: [unclosed");
        assertThat(ed.yamlErrorProperty().get().key()).isEqualTo("yaml.invalid");
        assertThat(ed.egress().hostsProperty().get()).isEqualTo("api.github.com");
        assertThat(vm.selectedProperty().get().content().toString()).contains("api.github.com");
    }

    @Test
    void admissionErrorsLandOnTheFieldAndTheYamlLine() throws IOException {
        vm.open(List.of(Fixtures.guideStart(dir)));
        GuideAuthoringTest.authorHttpbin80(vm);
        EditorViewModel ed = vm.editor();
        ed.yamlProperty().set(ed.yamlProperty().get().replace("number: 80", "number: 70000"));
        assertThat(ed.fieldErrors()).containsKey("ports");
        assertThat(ed.yamlProblems()).anySatisfy(p -> {
            assertThat(p.error()).isTrue();
            assertThat(p.line()).isEqualTo(14);
        });
        ed.yamlProperty()
                .set(ed.yamlProperty()
                        .get()
                        .replace("number: 70000", "number: 80")
                        .replace("protocol: http", "protocol: htp"));
        assertThat(ed.yamlProblems()).anySatisfy(p -> {
            assertThat(p.code()).isEqualTo("EGR305");
            assertThat(p.error()).isFalse();
        });
    }

    @Test
    void undoAndRedoWalkTheFormEditsKeystrokesInOneFieldBeingOneStep() throws IOException {
        vm.open(List.of(Fixtures.guideStart(dir)));
        GuideAuthoringTest.authorHttpbin80(vm);
        EgressFormViewModel form = vm.editor().egress();
        form.hostsProperty().set("h");
        form.hostsProperty().set("ho");
        form.hostsProperty().set("host.example");
        vm.undo();
        assertThat(form.hostsProperty().get()).isEqualTo("httpbin.org");
        assertThat(vm.editor().yamlProperty().get()).contains("- httpbin.org");
        vm.redo();
        assertThat(form.hostsProperty().get()).isEqualTo("host.example");
        assertThat(vm.canUndoProperty().get()).isTrue();
    }

    @Test
    void unmodelledFieldsSurviveAFormEditWhichWritesTheSchemasOrder() throws IOException {
        vm.open(List.of(Fixtures.samples().resolve("egress-httpbin-443.yaml")));
        EgressFormViewModel form = vm.editor().egress();
        vm.editor()
                .yamlProperty()
                .set(vm.editor().yamlProperty().get().replace("metadata:\n", "metadata:\n  labels:\n    team: net\n"));
        form.hostsProperty().set("httpbin.org\napi.github.com");
        String yaml = vm.editor().yamlProperty().get();
        // written as the web designer writes it too: the schema's order (the sample starts with kind)
        assertThat(yaml).startsWith("apiVersion: policy.openservicemesh.io/v1alpha1\nkind: Egress\n");
        assertThat(yaml).contains("labels:\n    team: net").contains("- api.github.com");
    }

    @Test
    void textsFollowTheLanguageChosenAtRunTime() {
        Messages m = new Messages();
        StringBinding save = m.get("menu.save");
        assertThat(save.get()).isEqualTo("Save");
        m.localeProperty().set(Locale.JAPANESE);
        assertThat(save.get()).isEqualTo("保存");
        assertThat(m.text(UiText.of("status.saved", 2))).isEqualTo("2 ファイルを保存しました");
    }

    @Test
    void everyEnglishKeyHasAJapaneseText() throws IOException {
        java.util.Properties en = new java.util.Properties();
        java.util.Properties ja = new java.util.Properties();
        try (var a = getClass().getResourceAsStream("/egress/designer/messages.properties");
                var b = getClass().getResourceAsStream("/egress/designer/messages_ja.properties")) {
            en.load(new java.io.InputStreamReader(a, java.nio.charset.StandardCharsets.UTF_8));
            ja.load(new java.io.InputStreamReader(b, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(ja.keySet()).isEqualTo(en.keySet());
    }

    @Test
    void theGraphLinksAccountsPoliciesAndDestinationsByProtocol() {
        vm.open(List.of(Fixtures.samples()));
        GraphModel g = vm.graphProperty().get();
        assertThat(g.nodes())
                .extracting(GraphModel.Node::label)
                .contains("curl/curl", "curl/httpbin-443", "httpbin.org:443", "*:443");
        assertThat(g.edges()).contains(new GraphModel.Edge("policy:curl/tcp-443", "dest:*:443", "tcp"));
    }

    @Test
    void theSamplesWalkthroughTestsAllPass() {
        vm.open(List.of(Fixtures.samples()));
        vm.runTests();
        assertThat(vm.tests().rows())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.passed()).as(r.name()).isTrue());
        assertThat(vm.tests().summaryProperty().get().key()).isEqualTo("tests.summary");
    }
}
