package egress.deploy;

import egress.fixtures.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The external programs these tests drive. run-tests installs them when missing; a test that lacks one fails
 * under CI=true (so a broken install step never hides) and is skipped elsewhere.
 */
final class Tools {
    private Tools() {}

    static Path root() {
        return Project.root();
    }

    /** The path of each program on PATH, in order; fails (CI) or aborts the test when one is missing. */
    static List<Path> require(String... programs) {
        List<Path> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String program : programs) {
            Path path = which(program);
            if (path == null) {
                missing.add(program);
            } else {
                found.add(path);
            }
        }
        if (!missing.isEmpty()) {
            String message = "missing on PATH: " + String.join(", ", missing)
                    + " (run-tests installs them: apt-get install podman buildah runc debootstrap curl)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        return found;
    }

    /** Fails (CI) or aborts the test unless it runs as root, as debootstrap and podman's rootful store need. */
    static void requireRoot() throws java.io.IOException, InterruptedException {
        String uid = Proc.run(30, List.of("id", "-u")).ok().stdout().strip();
        if (!uid.equals("0")) {
            String message =
                    "deploy/build-image needs root (debootstrap, podman's rootful store); this runs as uid " + uid;
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
    }

    static Path which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin")) { // debootstrap lives here; a user's PATH may lack it
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
