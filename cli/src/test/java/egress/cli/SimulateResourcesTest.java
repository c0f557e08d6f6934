package egress.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateResourcesTest {
    @TempDir
    Path dir;

    private static String namespace(String name) {
        return "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + name + "}\n";
    }

    @Test
    void manifestsComeInTheOrderOfPathsFilesAndDocumentsThoughFilesAreReadTwoAtATime() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        for (int i = 0; i < 12; i++) {
            Files.writeString(
                    folder.resolve(String.format("m%02d.yaml", i)),
                    namespace("n" + i + "a") + "---\n" + namespace("n" + i + "b"));
        }
        Path single = Files.writeString(dir.resolve("single.yaml"), namespace("first"));
        List<Manifest> read = SimulateCommand.readResources(List.of(single, folder));
        assertThat(read)
                .extracting(Manifest::name)
                .startsWith("first", "n0a", "n0b", "n1a")
                .endsWith("n11a", "n11b")
                .hasSize(25);
    }

    @Test
    void theFirstBadFileInThatOrderIsTheOneReported() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Files.writeString(folder.resolve("a.yaml"), namespace("ok"));
        Files.writeString(folder.resolve("b.yaml"), "kind: [unclosed\n");
        Files.writeString(folder.resolve("c.yaml"), "also: [unclosed\n");
        assertThatThrownBy(() -> SimulateCommand.readResources(List.of(folder, dir.resolve("missing.yaml"))))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("b.yaml");
        assertThatThrownBy(() -> SimulateCommand.readResources(List.of(dir.resolve("missing.yaml"), folder)))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("missing.yaml");
    }
}
