package egress.simulator.testfile;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the manifest files a test file names ({@code resourceFiles}, a case's {@code applyFiles}). The cli reads
 * them from disk relative to the test file; a server confines them to its workspace.
 */
@FunctionalInterface
public interface ResourceFileReader {
    /**
     * @param name the name as written in the test file
     * @throws ManifestException when the file cannot be read; its message must not quote the file's content
     *                           unless the caller may see the file anyway
     */
    List<Manifest> read(String name) throws ManifestException;

    /** Files relative to the folder of {@code testFile}, wherever they are. */
    static ResourceFileReader relativeTo(Path testFile) {
        return name -> ManifestReader.read(testFile.toAbsolutePath().getParent().resolve(name));
    }
}
