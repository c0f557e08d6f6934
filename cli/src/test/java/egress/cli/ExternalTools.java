package egress.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one guard for tests that need something from outside the JVM (a command such as curl or kubectl, root,
 * a kernel limit). When it is missing the test is skipped on a developer's machine, and fails under CI=true
 * (which .ci/run sets), so a missing install step in run-tests never passes as a green build.
 */
public final class ExternalTools {
    private ExternalTools() {
    }

    public static boolean underCi() {
        return "true".equals(System.getenv("CI"));
    }

    /** Skips the test, or under CI=true fails it, with {@code why} unless {@code present}. */
    public static void require(boolean present, String why) {
        if (present) {
            return;
        }
        if (underCi()) {
            Assertions.fail("CI=true, so this test may not be skipped: " + why);
        }
        Assumptions.abort(why);
    }

    /** Requires an executable {@code command} on the PATH (or in /usr/sbin, /sbin); {@code install} says how to get it. */
    public static void requireCommand(String command, String install) {
        require(onPath(command), command + " is not installed: " + install);
    }

    /** Requires the executable at {@code binary}; {@code install} says how to get it. */
    public static void requireExecutable(Path binary, String install) {
        require(Files.isExecutable(binary), binary + " is missing: " + install);
    }

    public static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", command)) || Files.isExecutable(Path.of("/sbin", command));
    }
}
