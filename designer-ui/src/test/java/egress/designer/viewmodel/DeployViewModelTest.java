package egress.designer.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.cluster.kube.ServedResources;
import egress.designer.app.ServiceDeployer;
import egress.policy.model.Engine;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.simulator.Workbench;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploying through the view-model and cluster's DeployService to a real embedded cluster, with the work on
 * a background thread and no FX thread; the cluster is read back with its own fabric8 client.
 */
class DeployViewModelTest {
    @TempDir
    Path dir;

    EmbeddedCluster cluster;
    KubernetesClient client;
    ServiceDeployer deployer;
    ExecutorService background;
    final Fixtures.ScriptedDialogs dialogs = new Fixtures.ScriptedDialogs();
    final List<Manifest> workspace = new ArrayList<>();
    DeployViewModel vm;

    @BeforeEach
    void start() {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        client = cluster.client();
        Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
        deployer = new ServiceDeployer(() -> ClusterConnection.embedded(cluster), kubeconfig);
        background = Executors.newSingleThreadExecutor();
        vm = new DeployViewModel(deployer, dialogs, () -> workspace, background, Runnable::run);
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
        deployer.close();
        cluster.close();
    }

    static List<Manifest> samples(String... files) throws ManifestException {
        List<Manifest> all = new ArrayList<>();
        for (String f : files) {
            all.addAll(ManifestReader.read(Fixtures.samples().resolve(f)));
        }
        return all;
    }

    GenericKubernetesResource get(egress.cluster.kube.ServedResource kind, String name) {
        return client.genericKubernetesResources(kind.context())
                .inNamespace("curl")
                .withName(name)
                .get();
    }

    boolean egressPolicyEnabled() {
        return client.genericKubernetesResources(ServedResources.MESH_CONFIG.context())
                .inNamespace("osm-system")
                .withName("osm-mesh-config")
                .get()
                .<Boolean>get("spec", "featureFlags", "enableEgressPolicy");
    }

    static List<String> lines(List<Deployer.Change> changes) {
        return changes.stream()
                .map(c -> c.action() + " " + c.object() + " " + c.changedFields())
                .toList();
    }

    @Test
    void deploysTheGuidesSamplesAfterAskingToSwitchEgressPolicyOn() throws ManifestException {
        assertThat(vm.targets()).containsExactly("embedded", "egress-designer");
        workspace.addAll(samples("curl.yaml", "egress-httpbin-80-routes.yaml"));

        Deployer.Plan plan = vm.plan().join();
        assertThat(lines(vm.changes()))
                .containsExactly(
                        "CREATE Namespace curl [apiVersion, kind, metadata]",
                        "CREATE HTTPRouteGroup curl/egress-http-route [apiVersion, kind, metadata, spec]",
                        "CREATE Egress curl/httpbin-80 [kind, apiVersion, metadata, spec]");
        assertThat(vm.skipped()).hasSize(2).allMatch(s -> s.contains("not deployed"));
        assertThat(plan.egressPolicyEnabled()).isFalse();
        assertThat(vm.summaryProperty().get()).isEqualTo(UiText.of("deploy.plan.summary", "embedded", 3L, 0L, 0L, 0L));
        assertThat(vm.canApplyProperty().get()).isTrue();

        dialogs.answer = true;
        Deployer.Result r = vm.apply().join();

        assertThat(dialogs.lastQuestion).isEqualTo(UiText.of("deploy.askEnableEgressPolicy", "embedded"));
        assertThat(r.outcome()).isEqualTo(Deployer.Outcome.APPLIED);
        assertThat(vm.log())
                .containsExactly(
                        UiText.of("deploy.event.create", "Namespace curl"),
                        UiText.of("deploy.event.create", "HTTPRouteGroup curl/egress-http-route"),
                        UiText.of("deploy.event.create", "Egress curl/httpbin-80"),
                        UiText.of("deploy.event.meshConfig"));
        assertThat(vm.progressProperty().get()).isEqualTo(1.0);
        assertThat(vm.summaryProperty().get()).isEqualTo(UiText.of("deploy.result.applied", "embedded", 3));
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.canApplyProperty().get()).isFalse();

        assertThat(client.namespaces().withName("curl").get()).isNotNull();
        assertThat(get(ServedResources.HTTP_ROUTE_GROUP, "egress-http-route")
                        .<String>get("spec", "matches", 0, "pathRegex"))
                .isEqualTo("/get");
        GenericKubernetesResource egress = get(ServedResources.EGRESS, "httpbin-80");
        assertThat(egress.<List<String>>get("spec", "hosts")).containsExactly("httpbin.org");
        assertThat(egress.<Map<String, Object>>get("spec", "matches", 0)).containsEntry("name", "egress-http-route");
        assertThat(egressPolicyEnabled()).isTrue();
    }

    @Test
    void throughTheKubeconfigContextThePlanNamesTheChangedFieldsAndPrunes() throws ManifestException {
        workspace.addAll(samples("curl.yaml", "egress-httpbin-80-routes.yaml"));
        vm.plan().join();
        dialogs.answer = false;
        assertThat(vm.apply().join().outcome()).isEqualTo(Deployer.Outcome.APPLIED);
        assertThat(egressPolicyEnabled()).isFalse();

        vm.targetProperty().set("egress-designer");
        assertThat(vm.planProperty().get()).isNull();
        workspace.clear();
        workspace.addAll(samples("curl.yaml", "egress-httpbin-80.yaml"));
        vm.plan().join();
        assertThat(lines(vm.changes()))
                .containsExactly(
                        "UNCHANGED Namespace curl []",
                        "UPDATE Egress curl/httpbin-80 [spec.matches]",
                        "DELETE HTTPRouteGroup curl/egress-http-route [apiVersion, kind, metadata, spec]");

        dialogs.lastQuestion = null;
        dialogs.answer = false;
        Deployer.Result r = vm.apply().join();
        assertThat(dialogs.lastQuestion).isNotNull();
        assertThat(r.outcome()).isEqualTo(Deployer.Outcome.APPLIED);
        assertThat(r.applied()).isEqualTo(2);
        assertThat(get(ServedResources.HTTP_ROUTE_GROUP, "egress-http-route")).isNull();
        assertThat(get(ServedResources.EGRESS, "httpbin-80").<Object>get("spec", "matches"))
                .isNull();
    }

    @Test
    void aHalfValidWorkspaceAppliesNothingAndShowsTheErrors() throws ManifestException {
        workspace.addAll(samples("curl.yaml", "egress-httpbin-80-routes.yaml"));
        workspace.addAll(ManifestReader.read("bad.yaml", """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: bad, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [bad.example]
                  ports: [{number: 0, protocol: http}]
                """));

        vm.plan().join();
        assertThat(vm.changes()).isEmpty();
        assertThat(vm.errors())
                .singleElement()
                .asString()
                .startsWith("bad.yaml:7  Egress curl/bad  ")
                .contains("spec.ports[0].number");
        assertThat(vm.summaryProperty().get()).isEqualTo(UiText.of("deploy.plan.errors", "embedded", 1));
        assertThat(vm.canApplyProperty().get()).isFalse();

        Deployer.Result r = vm.apply().join();
        assertThat(r.outcome()).isEqualTo(Deployer.Outcome.REJECTED);
        assertThat(dialogs.lastQuestion).isNull();
        assertThat(vm.errors()).hasSize(1);
        assertThat(vm.summaryProperty().get()).isEqualTo(UiText.of("deploy.result.rejected", 1));
        assertThat(client.namespaces().withName("curl").get()).isNull();
        assertThat(get(ServedResources.EGRESS, "httpbin-80")).isNull();
        assertThat(get(ServedResources.EGRESS, "bad")).isNull();
    }

    @Test
    void aFailureHalfWayIsRolledBackAndSaysWhatWasUndone() throws ManifestException {
        Deployer.Plan plan = deployer.plan("embedded", samples("curl.yaml", "egress-httpbin-80-routes.yaml"));
        List<Deployer.Progress> seen = new ArrayList<>();
        Deployer.Result r = deployer.apply(plan, true, p -> {
            seen.add(p);
            if (p.done() == 2) {
                throw new IllegalStateException("stopped by the test");
            }
        });

        assertThat(r.outcome()).isEqualTo(Deployer.Outcome.ROLLED_BACK);
        assertThat(r.failure()).isEqualTo("create HTTPRouteGroup curl/egress-http-route: stopped by the test");
        assertThat(r.undone())
                .containsExactly(
                        UiText.of("deploy.event.undo.create", "HTTPRouteGroup curl/egress-http-route"),
                        UiText.of("deploy.event.undo.create", "Namespace curl"));
        assertThat(seen).extracting(Deployer.Progress::done).containsExactly(1, 2, 3, 0, 0);
        assertThat(client.namespaces().withName("curl").get()).isNull();
        assertThat(get(ServedResources.HTTP_ROUTE_GROUP, "egress-http-route")).isNull();
        assertThat(egressPolicyEnabled()).isFalse();
    }

    @Test
    void besideThePlanItShowsWhatTheDeployDoesToTheLoadedTraffic() throws Exception {
        TrafficViewModel traffic = new TrafficViewModel(
                dialogs,
                new SimpleObjectProperty<>(Engine.OSM),
                new Workbench(),
                Runnable::run,
                Runnable::run,
                proposals -> {});
        DeployViewModel withTraffic =
                new DeployViewModel(deployer, dialogs, () -> workspace, background, Runnable::run, traffic);
        workspace.addAll(samples("curl.yaml", "meshconfig.yaml", "egress-httpbin-80.yaml"));
        withTraffic.plan().join();
        assertThat(withTraffic.impactStatusProperty().get()).isEqualTo(UiText.of("deploy.impact.none"));
        dialogs.answer = true;
        assertThat(withTraffic.apply().join().outcome()).isEqualTo(Deployer.Outcome.APPLIED);

        traffic.load(List.of(TrafficViewModelTest.accessLog(dir.resolve("access.log"))))
                .join();
        withTraffic.plan().join();
        assertThat(withTraffic.impactStatusProperty().get()).isEqualTo(UiText.of("deploy.impact.unchanged", 3));
        assertThat(withTraffic.impact()).isEmpty();

        workspace.removeIf(m -> "Egress".equals(m.kind())); // the same Egress, to another host
        workspace.addAll(ManifestReader.read("moved.yaml", """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: httpbin-80, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [example.org]
                  ports: [{number: 80, protocol: http}]
                """));
        withTraffic.plan().join();
        assertThat(lines(withTraffic.changes())).contains("UPDATE Egress curl/httpbin-80 [spec.hosts[0]]");
        assertThat(withTraffic.impactStatusProperty().get()).isNull();
        assertThat(TrafficViewModelTest.impact(withTraffic.impact(), Locale.ENGLISH))
                .containsExactly(
                        "this edit newly refuses 4 recorded requests from curl/curl to httpbin.org",
                        "this edit newly allows 2 recorded requests from curl/curl to example.org");
        assertThat(withTraffic.impactChangesProperty().get().groups())
                .extracting(g -> g.policy())
                .containsExactly("curl/httpbin-80", "curl/httpbin-80");
    }
}
