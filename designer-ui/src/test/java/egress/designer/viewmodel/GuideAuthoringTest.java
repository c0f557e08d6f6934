package egress.designer.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import egress.designer.workspace.Doc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide's walkthrough, done through the view-models alone (no FX thread). */
class GuideAuthoringTest {
    @TempDir
    Path dir;

    private final Fixtures.ScriptedDialogs dialogs = new Fixtures.ScriptedDialogs();
    private final WorkspaceViewModel vm = new WorkspaceViewModel(new Messages(), dialogs);

    static void authorHttpbin80(WorkspaceViewModel vm) {
        vm.newEgress();
        EgressFormViewModel form = vm.editor().egress();
        form.nameProperty().set("httpbin-80");
        form.namespaceProperty().set("curl");
        form.hostsProperty().set("httpbin.org"); // a new Egress starts with port 80 over http
        form.sourceToAddProperty().set("curl/curl");
        form.addSource();
    }

    @Test
    void authoringTheHttpbin80PolicyThroughTheFormWritesTheGuidesYaml() throws IOException {
        vm.open(List.of(Fixtures.guideStart(dir)));
        authorHttpbin80(vm);
        assertThat(vm.editor().yamlProperty().get()).isEqualTo("""
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata:
                  name: httpbin-80
                  namespace: curl
                spec:
                  sources:
                  - kind: ServiceAccount
                    name: curl
                    namespace: curl
                  hosts:
                  - httpbin.org
                  ports:
                  - number: 80
                    protocol: http
                """);
        assertThat(vm.editor().egress().knownServiceAccounts()).contains("curl/curl");
    }

    @Test
    void simulatingTheGuidesCurlAllowsThenTheRouteGroupRefusesStatus200() throws IOException {
        vm.open(List.of(Fixtures.guideStart(dir)));
        SimulationViewModel sim = vm.simulation();
        sim.simulate();
        assertThat(sim.verdictProperty().get()).isEqualTo("deny (connection-refused)");
        assertThat(sim.outputProperty().get()).contains("command terminated with exit code 7");

        authorHttpbin80(vm);
        Doc egress = vm.selectedProperty().get();
        sim.simulate();
        assertThat(sim.verdictProperty().get()).isEqualTo("allow (http-200)");
        assertThat(sim.outputProperty().get()).startsWith("HTTP/1.1 200 OK");
        assertThat(sim.ruleProperty().get()).startsWith("curl/httpbin-80 spec.ports[0] 80/http");
        assertThat(vm.decidedProperty().get()).isSameAs(egress);
        assertThat(vm.editor().highlightedFieldProperty().get()).isEqualTo("ports");

        vm.newRouteGroup();
        RouteGroupFormViewModel routes = vm.editor().routeGroup();
        routes.nameProperty().set("egress-http-route");
        routes.namespaceProperty().set("curl");
        routes.matchNameProperty().set("get");
        routes.pathRegexProperty().set("/get");
        vm.selectedProperty().set(egress);
        vm.editor().egress().routeGroupsProperty().set("egress-http-route");
        sim.curlProperty().set("curl -sI http://httpbin.org:80/status/200");
        sim.simulate();
        assertThat(sim.verdictProperty().get()).isEqualTo("deny (http-404)");
        assertThat(sim.outputProperty().get()).startsWith("HTTP/1.1 404 Not Found");
        assertThat(sim.nearestMissProperty().get()).isNotEmpty();
    }

    @Test
    void anObjectWrittenWithoutANamespaceIsSimulatedInDefaultAsEgressSimulateAppliesIt() throws IOException {
        Files.writeString(dir.resolve("no-namespace.yaml"), """
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: curl
                ---
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata:
                  name: httpbin-80
                spec:
                  sources:
                  - kind: ServiceAccount
                    name: curl
                    namespace: default
                  hosts:
                  - httpbin.org
                  ports:
                  - number: 80
                    protocol: http
                """);
        vm.open(List.of(dir));
        SimulationViewModel sim = vm.simulation();
        sim.sourceProperty().set("default/curl");
        sim.simulate();
        assertThat(sim.verdictProperty().get()).isEqualTo("allow (http-200)");
        assertThat(sim.ruleProperty().get()).startsWith("default/httpbin-80 spec.ports[0]");
    }

    @Test
    void savedPoliciesAreFoundAgainWhenTheFolderIsReopened() throws IOException {
        vm.open(List.of(Fixtures.guideStart(dir)));
        authorHttpbin80(vm);
        vm.save();
        assertThat(vm.statusProperty().get()).isEqualTo(UiText.of("status.saved", 1));
        assertThat(dir.resolve("egress-httpbin-80.yaml")).exists();

        WorkspaceViewModel again = new WorkspaceViewModel(new Messages(), dialogs);
        again.open(List.of(dir));
        assertThat(again.policies()).extracting(Doc::describe).containsExactly("Egress curl/httpbin-80");
        assertThat(again.dirtyProperty().get()).isFalse();
    }

    @Test
    void anEmptyWorkspaceAsksForAFolderOnSave() throws IOException {
        vm.open(List.of());
        authorHttpbin80(vm);
        Path target = Files.createDirectory(dir.resolve("out"));
        dialogs.folders.add(target);
        vm.save();
        assertThat(target.resolve("egress-httpbin-80.yaml")).exists();
        assertThat(vm.workspace().root()).isEqualTo(target);
    }
}
