package egress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code egress demo} end to end: every command it prints for the guide is run with the real kubectl and the
 * real curl, and each ends as the guide says. Policies reach the enforcer through the cluster's watch, as in a
 * mesh, so each step may take a moment: it is retried for a few seconds before it counts as failed.
 */
class DemoTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", ".."));

    @TempDir
    Path dir;

    @Test
    void everyPrintedStepOfTheGuideBehavesAsTheGuideSays() throws Exception {
        Demo.Ports ports = new Demo.Ports(free(), free(), free(), free(), 0, 0, 0);
        try (Demo demo = Demo.start(ROOT.resolve("samples"), dir.resolve("kubeconfig"), ports)) {
            List<String> failures = new ArrayList<>();
            for (Demo.Step step : demo.walkthrough()) {
                String seen = awaitExpected(step);
                if (seen != null) {
                    failures.add(step.command() + "\n    expected " + step.expect() + ", got: " + seen);
                }
            }
            assertThat(failures).isEmpty();
        }
    }

    /** Runs the step until it shows what is expected (null) or 5 s have passed (what it showed last). */
    private String awaitExpected(Demo.Step step) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String seen;
        do {
            seen = run(step.command().startsWith("kubectl")
                    ? step.command().replace("kubectl ", "kubectl --cache-dir " + dir.resolve("kube-cache") + " ")
                    : step.command());
            if (matches(step.expect(), seen)) {
                return null;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline && !step.command().startsWith("kubectl"));
        return seen;
    }

    private static boolean matches(String expect, String seen) {
        if (expect.startsWith("exit code ")) {
            return seen.endsWith("exit " + expect.substring("exit code ".length()));
        }
        if (expect.equals(Demo.OK_THROUGH_TUNNEL)) {
            return seen.startsWith("HTTP/1.1 200 Connection established") && seen.contains("HTTP/1.1 200 OK")
                    && seen.endsWith("exit 0");
        }
        return seen.contains(expect) && seen.endsWith("exit 0");
    }

    private String run(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(command).isTrue();
        return out.strip() + "\nexit " + p.exitValue();
    }

    private static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
