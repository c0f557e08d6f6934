package egress.designer.view;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.cluster.kube.ServedResources;
import egress.designer.app.DesignerWindow;
import egress.designer.app.Screenshot;
import egress.designer.app.ServiceDeployer;
import egress.designer.viewmodel.DeployViewModel;
import egress.designer.viewmodel.Deployer;
import egress.designer.viewmodel.Fixtures;
import egress.designer.viewmodel.Messages;
import egress.designer.viewmodel.UiText;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Deploying the samples folder to an embedded cluster from the main window, headless, by keyboard. */
@ExtendWith(ApplicationExtension.class)
class DeployWindowTest {
    private EmbeddedCluster cluster;
    private ServiceDeployer deployer;
    private DesignerWindow window;
    private final Fixtures.ScriptedDialogs dialogs = new Fixtures.ScriptedDialogs();

    @Start
    void start(Stage stage) {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        deployer = new ServiceDeployer(() -> ClusterConnection.embedded(cluster), Path.of("target", "no-kubeconfig"));
        window = new DesignerWindow(new Messages(), dialogs, List.of(Fixtures.samples()), stage::close, deployer);
        stage.setScene(window.scene());
        stage.show();
    }

    @AfterEach
    void stop() {
        deployer.close();
        cluster.close();
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

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private GenericKubernetesResource inCurl(egress.cluster.kube.ServedResource kind, String name) {
        return cluster.client()
                .genericKubernetesResources(kind.context())
                .inNamespace("curl")
                .withName(name)
                .get();
    }

    @Test
    void theSamplesDeployToTheEmbeddedClusterByKeyboard(FxRobot robot) throws TimeoutException {
        DeployViewModel deploy = window.deploy();
        robot.clickOn("#policyList");
        robot.press(KeyCode.CONTROL, KeyCode.D).release(KeyCode.D, KeyCode.CONTROL);
        waitUntil(() -> deploy.planProperty().get() != null);
        assertThat(window.view().tabs().getSelectionModel().getSelectedItem().getId())
                .isEqualTo("tabDeploy");
        assertThat(robot.lookup("#deployChanges")
                        .<TableView<Deployer.Change>>query()
                        .getItems())
                .extracting(c -> c.action() + " " + c.object())
                .contains(
                        "CREATE Namespace curl",
                        "CREATE HTTPRouteGroup curl/egress-http-route",
                        "CREATE Egress curl/httpbin-80");
        assertThat(robot.lookup("#deployFlag").query().isVisible()).isTrue();
        assertThat(deploy.errors()).isEmpty();
        assertThat(deploy.skipped())
                .contains("Egress curl/httpbin-80 from egress-httpbin-80-routes.yaml: not deployed;"
                        + " egress-httpbin-80.yaml has another version of it, which is");
        shot(robot, "deploy-plan");

        dialogs.answer = true;
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.D).release(KeyCode.D, KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil(() -> deploy.resultProperty().get() != null);
        assertThat(dialogs.lastQuestion).isEqualTo(UiText.of("deploy.askEnableEgressPolicy", "embedded"));
        assertThat(deploy.resultProperty().get().outcome()).isEqualTo(Deployer.Outcome.APPLIED);
        assertThat(robot.lookup("#deploySummary").<Label>query().getText()).startsWith("Deployed to embedded: ");
        assertThat(robot.lookup("#deployLog").queryListView().getItems())
                .contains(UiText.of("deploy.event.meshConfig"));

        KubernetesClient client = cluster.client();
        assertThat(client.namespaces().withName("curl").get()).isNotNull();
        assertThat(inCurl(ServedResources.HTTP_ROUTE_GROUP, "egress-http-route"))
                .isNotNull();
        assertThat(inCurl(ServedResources.EGRESS, "httpbin-80").<List<String>>get("spec", "hosts"))
                .containsExactly("httpbin.org");
        assertThat(client.genericKubernetesResources(ServedResources.MESH_CONFIG.context())
                        .inNamespace("osm-system")
                        .withName("osm-mesh-config")
                        .get()
                        .<Boolean>get("spec", "featureFlags", "enableEgressPolicy"))
                .isTrue();
        shot(robot, "deploy-applied");

        robot.interact(() -> window.viewModel().messages().localeProperty().set(Locale.JAPANESE));
        assertThat(robot.lookup("#deploySummary").<Label>query().getText()).startsWith("embedded にデプロイしました");
        shot(robot, "deploy-applied-ja");
    }
}
