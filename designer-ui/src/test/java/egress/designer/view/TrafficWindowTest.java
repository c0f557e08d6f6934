package egress.designer.view;

import static org.assertj.core.api.Assertions.assertThat;

import egress.designer.app.DesignerWindow;
import egress.designer.app.Screenshot;
import egress.designer.viewmodel.Fixtures;
import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.TrafficRow;
import egress.designer.viewmodel.WorkspaceViewModel;
import egress.designer.workspace.Doc;
import egress.simulator.traffic.ChangeKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Traffic tab headless (Monocle), through the real window with its background thread: load an access log,
 * edit a policy so that recorded requests become refused, read the impact line and the changed rows, and propose
 * policies from the traffic.
 */
@ExtendWith(ApplicationExtension.class)
class TrafficWindowTest {
    private final Fixtures.ScriptedDialogs dialogs = new Fixtures.ScriptedDialogs();
    private Path folder;
    private Path log;
    private DesignerWindow window;

    @Start
    void start(Stage stage) throws IOException {
        Path dir = Files.createTempDirectory("designer-ui-traffic");
        folder = Fixtures.guideStart(Files.createDirectory(dir.resolve("ws")));
        Files.copy(Fixtures.samples().resolve("egress-httpbin-80.yaml"), folder.resolve("egress-httpbin-80.yaml"));
        log = accessLog(dir.resolve("access.log"));
        window = new DesignerWindow(new Messages(), dialogs, List.of(folder), stage::close);
        stage.setScene(window.scene());
        stage.show();
    }

    /** Four requests to httpbin.org (allowed when recorded), two to example.org (refused), one unreadable line. */
    static Path accessLog(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lines.add(line("httpbin.org", "/get", "allow"));
        }
        lines.add(line("httpbin.org", "/status/200", "allow"));
        lines.add(line("example.org", "/", "deny"));
        lines.add(line("example.org", "/", "deny"));
        lines.add("this is not JSON");
        return Files.writeString(file, String.join("\n", lines) + "\n");
    }

    private static String line(String host, String path, String verdict) {
        return "{\"time\":\"2026-12-04T10:00:00Z\",\"source\":\"curl/curl\",\"protocol\":\"http\",\"host\":\"" + host
                + "\",\"ip\":\"10.0.0.1\",\"port\":80,\"sni\":null,\"method\":\"GET\",\"path\":\"" + path
                + "\",\"verdict\":\"" + verdict + "\",\"policy\":null}";
    }

    private static void await(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
    }

    private String text(FxRobot robot, String query) {
        return robot.lookup(query).<Label>query().getText();
    }

    private void shot(FxRobot robot, String name) {
        robot.interact(() -> {
            try {
                Screenshot.write(window.scene().getRoot(), MainWindowTest.SHOTS.resolve(name + ".png"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private List<String> cells(FxRobot robot, String query) {
        return robot.lookup(query).queryAll().stream()
                .filter(n -> n instanceof TableCell<?, ?> || n instanceof ListCell<?>)
                .map(n -> n instanceof TableCell<?, ?> t ? t.getText() : ((ListCell<?>) n).getText())
                .filter(t -> t != null)
                .toList();
    }

    @Test
    void anEditThatRefusesRecordedRequestsSaysSoAndProposingFromTrafficAddsPoliciesMarkedNew(FxRobot robot)
            throws TimeoutException {
        WorkspaceViewModel vm = window.viewModel();
        TableView<TrafficRow> table = robot.lookup("#trafficTable").query();
        dialogs.files.add(List.of(log));
        robot.clickOn("#tabTraffic");
        robot.clickOn("#trafficLoad");
        await(() -> table.getItems().size() == 3);
        assertThat(text(robot, "#trafficSummary")).isEqualTo("6 requests (3 distinct), 1 unreadable lines");
        assertThat(text(robot, "#trafficImpact"))
                .isEqualTo("this edit changes no verdict over the 6 recorded requests");
        assertThat(cells(robot, "#trafficTable .table-cell"))
                .contains("curl -s http://httpbin.org/get", "3", "allow", "deny");
        shot(robot, "traffic-loaded");

        robot.clickOn("#tabEditor");
        robot.clickOn("#policyList").clickOn("\u2192 Egress curl/httpbin-80");
        TextInputControl hosts = robot.lookup("#egressHosts").query();
        robot.interact(hosts::clear);
        robot.clickOn(hosts).write("example.org");
        // seen while editing, below the problems, from the editor tab
        await(() -> text(robot, "#statusImpact").startsWith("this edit newly refuses 4 recorded requests"));
        shot(robot, "traffic-while-editing");
        robot.clickOn("#tabTraffic");
        assertThat(text(robot, "#trafficImpact"))
                .isEqualTo("this edit newly refuses 4 recorded requests from curl/curl to httpbin.org\n"
                        + "this edit newly allows 2 recorded requests from curl/curl to example.org");
        assertThat(table.getItems().get(0).change()).isEqualTo(ChangeKind.NEWLY_REFUSED);
        assertThat(table.getItems().get(0).request()).isEqualTo("curl -s http://httpbin.org/get");
        assertThat(cells(robot, "#trafficTable .table-cell")).contains("newly refused", "newly allowed");
        shot(robot, "traffic-edited");

        robot.clickOn("#trafficPropose");
        await(() -> vm.policies().size() == 3);
        assertThat(vm.proposed())
                .extracting(Doc::describe)
                .containsExactlyInAnyOrder(
                        "Egress curl/curl-http-80-httpbin-org", "HTTPRouteGroup curl/curl-http-80-httpbin-org-routes");
        assertThat(cells(robot, "#policyList .list-cell"))
                .contains(
                        "\u2192 Egress curl/curl-http-80-httpbin-org *  [new]",
                        "\u2261 HTTPRouteGroup curl/curl-http-80-httpbin-org-routes *  [new]");
        // the proposal allows httpbin.org again, by another policy than when the workspace was opened
        await(() -> text(robot, "#trafficImpact").startsWith("this edit newly allows 2"));
        assertThat(text(robot, "#trafficImpact"))
                .isEqualTo("this edit newly allows 2 recorded requests from curl/curl to example.org\n"
                        + "this edit changes the policy that allows 4 recorded requests from curl/curl to httpbin.org");
        shot(robot, "traffic-proposed");

        robot.interact(() -> vm.messages().localeProperty().set(Locale.JAPANESE));
        assertThat(window.view().tabs().getTabs().get(5).getText()).isEqualTo("トラフィック");
        assertThat(cells(robot, "#policyList .list-cell")).anyMatch(c -> c.endsWith("[新規]"));
        assertThat(text(robot, "#trafficImpact"))
                .isNotEqualTo("this edit newly allows 2 recorded requests from" + " curl/curl to example.org")
                .contains("example.org");
        shot(robot, "traffic-proposed-ja");
    }
}
