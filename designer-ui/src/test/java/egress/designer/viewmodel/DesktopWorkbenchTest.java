package egress.designer.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The desktop's simulation, graph and validation share one workbench: an edit compiles once per engine. */
class DesktopWorkbenchTest {
    @TempDir
    Path dir;

    private final WorkspaceViewModel vm = new WorkspaceViewModel(new Messages(), new Fixtures.ScriptedDialogs());

    @Test
    void simulationsAfterAnEditCompileNothingMoreThanTheGraphDid() throws IOException {
        Files.copy(Fixtures.samples().resolve("egress-httpbin-80.yaml"), dir.resolve("egress-httpbin-80.yaml"));
        vm.open(List.of(dir));
        // shown in the editor, a policy is read again for the YAML's positions: a new version
        vm.selectedProperty().set(vm.policies().get(0));
        SimulationViewModel sim = vm.simulation();
        sim.sourceProperty().set("curl/curl");
        sim.curlProperty().set("curl -sI http://httpbin.org/get");
        sim.simulate(); // the first simulation of this version compiles it
        long opened = vm.workbench().compiles();
        for (int i = 0; i < 5; i++) {
            sim.simulate();
            assertThat(sim.verdictProperty().get()).startsWith("allow");
        }
        assertThat(vm.workbench().compiles()).as("simulations compile nothing").isEqualTo(opened);

        vm.engineProperty().set(Engine.PIPY);
        sim.simulate();
        vm.engineProperty().set(Engine.OSM);
        sim.simulate();
        assertThat(vm.workbench().compiles())
                .as("one more for pipy, osm still cached")
                .isEqualTo(opened + 1);
        long validations = vm.workbench().validations();

        EditorViewModel ed = vm.editor();
        ed.yamlProperty().set(ed.yamlProperty().get().replace("httpbin.org", "example.com"));
        sim.simulate();
        assertThat(sim.verdictProperty().get()).doesNotStartWith("allow");
        sim.simulate();
        assertThat(vm.workbench().compiles()).as("the edit compiled once").isEqualTo(opened + 2);
        assertThat(vm.workbench().validations())
                .as("validated once after the edit")
                .isEqualTo(validations + 1);
    }
}
