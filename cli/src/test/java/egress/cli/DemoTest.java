package egress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import egress.fixtures.Await;
import egress.fixtures.ExternalTools;
import egress.fixtures.Project;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    private static final Path ROOT = Project.root();

    @TempDir
    Path dir;

    @Test
    void everyPrintedStepOfTheGuideBehavesAsTheGuideSays() throws Exception {
        ExternalTools.requireCommand(
                "kubectl",
                "machines of this kind have it preinstalled; where there is none,"
                        + " run-tests installs Debian's (apt-get install kubernetes-client)");
        ExternalTools.requireCommand("curl", "run-tests installs it (apt-get install curl)");
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
            // the designer followed the enforcer: the guide's curl requests are in its Traffic view, and in the log
            // file
            Await.until(
                    "the designer has the guide's requests",
                    Duration.ofSeconds(60),
                    () -> demo.server.api().workspace().traffic().traffic().observed().stream()
                            .anyMatch(o ->
                                    "httpbin.org".equals(o.sample().request().host())));
            Await.until(
                    "the access log file has them",
                    Duration.ofSeconds(60),
                    () -> Files.readString(demo.accessLogFile).contains("\"host\":\"httpbin.org\""));
            assertThat(demo.accessLogFile.getParent()).isEqualTo(dir.toAbsolutePath());
        }
    }

    /** Runs the step until it shows what is expected (null) or 60 s have passed (what it showed last). */
    private String awaitExpected(Demo.Step step) throws Exception {
        boolean kubectl = step.command().startsWith("kubectl");
        String command = kubectl
                ? step.command().replace("kubectl ", "kubectl --cache-dir " + dir.resolve("kube-cache") + " ")
                : step.command();
        String[] seen = {run(command)};
        if (matches(step.expect(), seen[0])) {
            return null;
        }
        if (kubectl) {
            return seen[0]; // a kubectl command is run once: its effect is what the following steps wait for
        }
        try {
            Await.until(
                    step.command() + " shows " + step.expect(),
                    Duration.ofSeconds(60),
                    () -> matches(step.expect(), seen[0] = run(command)));
            return null;
        } catch (AssertionError stillWrong) {
            return seen[0];
        }
    }

    private static boolean matches(String expect, String seen) {
        if (expect.startsWith("exit code ")) {
            return seen.endsWith("\nexit " + expect.substring("exit code ".length()));
        }
        if (expect.equals(Demo.OK_THROUGH_TUNNEL)) {
            return seen.startsWith("HTTP/1.1 200 Connection established\r\n")
                    && seen.contains("\nHTTP/1.1 200 OK\r\n")
                    && seen.endsWith("\nexit 0");
        }
        if (expect.startsWith("HTTP/")) { // the whole status line, not a status anywhere in the answer
            return seen.startsWith(expect + "\r\n") && seen.endsWith("\nexit 0");
        }
        // kubectl: a line "KIND/NAME created" (or patched, deleted, configured)
        return seen.lines().anyMatch(l -> l.endsWith(" " + expect)) && seen.endsWith("\nexit 0");
    }

    private String run(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command)
                .redirectErrorStream(true)
                .start();
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
