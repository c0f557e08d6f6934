package egress.designer.view;

import static org.assertj.core.api.Assertions.assertThat;

import egress.designer.app.DesignerWindow;
import egress.designer.app.Screenshot;
import egress.designer.viewmodel.Fixtures;
import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.WorkspaceViewModel;
import egress.designer.workspace.Doc;
import egress.policy.model.Engine;
import egress.policy.validate.Diagnostic;
import egress.policy.validate.Validator;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.policy.yaml.Tree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The main window headless (Monocle): the guide's walkthrough by keyboard and mouse, with screenshots. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    static final Path SHOTS = Path.of("target", "screenshots");
    private Path folder;
    private DesignerWindow window;

    @Start
    void start(Stage stage) throws IOException {
        folder = Fixtures.guideStart(Files.createTempDirectory("designer-ui"));
        window = new DesignerWindow(new Messages(), new Fixtures.ScriptedDialogs(), List.of(folder), stage::close);
        stage.setScene(window.scene());
        stage.show();
    }

    private void shot(FxRobot robot, String name) {
        robot.interact(() -> {
            try {
                Screenshot.write(window.scene().getRoot(), SHOTS.resolve(name + ".png"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void type(FxRobot robot, String query, String text) {
        TextInputControl field = robot.lookup(query).query();
        robot.interact(field::clear);
        robot.clickOn(field).write(text);
    }

    private String text(FxRobot robot, String query) {
        return robot.lookup(query).<Label>query().getText();
    }

    @Test
    void theGuidesWalkthroughByKeyboardAndMouse(FxRobot robot) throws IOException {
        WorkspaceViewModel vm = window.viewModel();
        robot.clickOn("#policyList").press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        assertThat(vm.policies()).hasSize(1);
        type(robot, "#egressName", "httpbin-80");
        type(robot, "#egressNamespace", "curl");
        robot.clickOn("#egressSourcePick").write("curl/curl");
        robot.clickOn("#egressSourceAdd");
        type(robot, "#egressHosts", "httpbin.org"); // a new Egress starts with port 80 over http
        String yaml = robot.lookup("#yaml").<TextArea>query().getText();
        assertThat(yaml)
                .contains("name: httpbin-80")
                .contains("- httpbin.org")
                .contains("number: 80")
                .contains("protocol: http")
                .contains("namespace: curl");
        shot(robot, "editor-egress");

        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        assertThat(text(robot, "#simVerdict")).isEqualTo("allow (http-200)");
        assertThat(robot.lookup("#simOutput").<TextArea>query().getText()).startsWith("HTTP/1.1 200 OK");
        shot(robot, "simulation-allowed");

        robot.clickOn("#tabEditor");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.N).release(KeyCode.N, KeyCode.SHIFT, KeyCode.CONTROL);
        type(robot, "#routeName", "egress-http-route");
        type(robot, "#routeNamespace", "curl");
        type(robot, "#routeMatchName", "get");
        type(robot, "#routePathRegex", "/get");
        type(robot, "#routeTryPath", "/status/200");
        assertThat(text(robot, "#routeTryOsm")).endsWith("does not match");
        shot(robot, "editor-route-group");

        robot.clickOn("#policyList").clickOn("\u2192 Egress curl/httpbin-80 *");
        type(robot, "#egressRouteGroups", "egress-http-route");
        robot.clickOn("#tabSimulation");
        type(robot, "#simCurl", "curl -sI http://httpbin.org:80/status/200");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        assertThat(text(robot, "#simVerdict")).isEqualTo("deny (http-404)");
        assertThat(robot.lookup("#simOutput").<TextArea>query().getText()).startsWith("HTTP/1.1 404 Not Found");
        shot(robot, "simulation-refused");

        robot.clickOn("#tabGraph");
        shot(robot, "graph");

        robot.press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        assertThat(text(robot, "#status")).isEqualTo("Saved 2 files");
        WorkspaceViewModel reopened = new WorkspaceViewModel(new Messages(), new Fixtures.ScriptedDialogs());
        reopened.open(List.of(folder));
        assertThat(reopened.policies())
                .extracting(Doc::describe)
                .containsExactlyInAnyOrder("Egress curl/httpbin-80", "HTTPRouteGroup curl/egress-http-route");
    }

    @Test
    void aRouteMatchsHeadersAreSavedAsTheListTheSchemaWants(FxRobot robot) throws IOException, ManifestException {
        robot.clickOn("#policyList");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.N).release(KeyCode.N, KeyCode.SHIFT, KeyCode.CONTROL);
        type(robot, "#routeName", "team-routes");
        type(robot, "#routeNamespace", "curl");
        type(robot, "#routeHeaders", "x-team: payments");
        robot.press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        assertThat(text(robot, "#status")).startsWith("Saved 1 file");

        Path saved;
        try (var files = Files.list(folder)) {
            saved = files.filter(f -> {
                        try {
                            return Files.readString(f).contains("name: team-routes");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .findFirst()
                    .orElseThrow();
        }
        List<Manifest> manifests = ManifestReader.read(saved);
        assertThat(Validator.validate(manifests, Engine.OSM).errors())
                .extracting(Diagnostic::format)
                .isEmpty();
        assertThat(Tree.list(manifests.get(0).content(), "spec.matches"))
                .singleElement()
                .satisfies(m -> assertThat(((java.util.Map<?, ?>) m).get("headers"))
                        .isEqualTo(List.of(java.util.Map.of("x-team", "payments"))));
        assertThat(Files.readString(saved)).contains("headers:\n    - x-team: payments\n");
    }

    @Test
    void theSamplesOpenWithTestsAndSwitchToJapanese(FxRobot robot) {
        WorkspaceViewModel vm = window.viewModel();
        robot.interact(() -> vm.open(List.of(Fixtures.samples())));
        assertThat(vm.policies()).hasSize(6);
        shot(robot, "editor-samples");
        robot.clickOn("#tabTests");
        robot.interact(vm::runTests);
        assertThat(text(robot, "#testsSummary")).isEqualTo("28 passed, 0 failed");
        shot(robot, "tests");
        robot.interact(() -> vm.messages().localeProperty().set(Locale.JAPANESE));
        assertThat(window.view().tabs().getTabs().get(3).getText()).isEqualTo("テスト");
        shot(robot, "tests-ja");
    }
}
