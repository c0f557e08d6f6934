package egress.designer.view;

import static org.assertj.core.api.Assertions.assertThat;

import egress.designer.app.DesignerWindow;
import egress.designer.viewmodel.Fixtures;
import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.UiText;
import egress.designer.viewmodel.WorkspaceViewModel;
import egress.designer.workspace.Doc;
import egress.policy.i18n.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** In Japanese the desktop designer explains a refusal and a lint finding in Japanese, and back in English. */
@ExtendWith(ApplicationExtension.class)
class JapaneseExplanationsTest {
    private static final String MISS_JA = "80 番ポートの httpbin.org は curl/httpbin-80 によって許可されているが、8080 番ポートは許可されていない";
    private static final String LINT_JA = "http ポート 80 の ipAddresses は osm (Envoy) では無視され";
    private DesignerWindow window;

    @Start
    void start(Stage stage) throws IOException {
        Path folder = Fixtures.guideStart(Files.createTempDirectory("designer-ui"));
        Files.copy(Fixtures.samples().resolve("egress-httpbin-80.yaml"), folder.resolve("egress-httpbin-80.yaml"));
        Files.writeString(folder.resolve("ranged.yaml"), """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: ranged, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [example.org]
                  ipAddresses: [10.0.0.0/8]
                  ports: [{number: 80, protocol: http}]
                """);
        window = new DesignerWindow(new Messages(), new Fixtures.ScriptedDialogs(), List.of(folder), stage::close);
        stage.setScene(window.scene());
        stage.show();
    }

    private String text(FxRobot robot, String query) {
        return robot.lookup(query).<Label>query().getText();
    }

    private List<String> problems(FxRobot robot) {
        return robot.lookup("#problems .list-cell").<ListCell<?>>queryAll().stream()
                .map(ListCell::getText)
                .filter(t -> t != null)
                .toList();
    }

    @Test
    void aRefusalAndALintReadInJapaneseAndBackInEnglish(FxRobot robot) {
        WorkspaceViewModel vm = window.viewModel();
        robot.interact(() -> vm.messages().localeProperty().set(Locale.JAPANESE));
        robot.clickOn("#tabSimulation");
        TextInputControl curl = robot.lookup("#simCurl").query();
        robot.interact(curl::clear);
        robot.clickOn(curl)
                .write("curl -sI http://httpbin.org:8080/get")
                .press(KeyCode.ENTER)
                .release(KeyCode.ENTER);
        assertThat(text(robot, "#simNearestMiss")).isEqualTo(MISS_JA);
        assertThat(robot.lookup("#simExplain").<TextArea>query().getText())
                .contains("curl/curl に適用される Egress のどれもポート 8080 を指定していない。接続は閉じられる")
                .contains("最も近い不一致: " + MISS_JA);

        Doc ranged = vm.policies().stream()
                .filter(d -> "ranged".equals(d.name()))
                .findFirst()
                .orElseThrow();
        robot.interact(() -> vm.selectedProperty().set(ranged));
        assertThat(problems(robot)).anyMatch(p -> p.contains("EGR301 spec.ports[0]: " + LINT_JA));
        assertThat(window.viewModel().editor().yamlProblems())
                .anyMatch(p -> p.text().contains(LINT_JA));

        robot.interact(() -> vm.messages().localeProperty().set(Locale.ENGLISH));
        assertThat(text(robot, "#simNearestMiss"))
                .isEqualTo("httpbin.org is allowed on port 80 by curl/httpbin-80, not on 8080");
        assertThat(problems(robot)).anyMatch(p -> p.contains("EGR301 spec.ports[0]: ipAddresses are ignored on http"));
        assertThat(window.viewModel().editor().yamlProblems())
                .anyMatch(p -> p.text().startsWith("spec.ports[0]: ipAddresses are ignored"));
    }

    @Test
    void aYamlErrorFromPolicyIsShownInTheChosenLanguage() {
        UiText error = UiText.of("yaml.invalid", 3, Message.of("yaml.invalid", "mapping values are not allowed here"));
        assertThat(new Messages(Locale.JAPANESE).text(error))
                .isEqualTo("3 行目: YAML として不正: mapping values are not allowed here（フォームは最後の正しい状態のままです）");
        assertThat(new Messages(Locale.ENGLISH).text(error))
                .isEqualTo(
                        "Line 3: invalid YAML: mapping values are not allowed here (the form keeps the last valid state)");
    }
}
