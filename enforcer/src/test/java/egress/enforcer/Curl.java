package egress.enforcer;

import egress.fixtures.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real curl binary and captures what it printed. */
public final class Curl {
    private Curl() {
    }

    public record Result(int exit, String out, String err) {
    }

    public static Result run(String... args) throws IOException, InterruptedException {
        ExternalTools.requireExecutable(Path.of("/usr/bin/curl"), "run-tests installs it (apt-get install curl)");
        List<String> cmd = new ArrayList<>();
        cmd.add("/usr/bin/curl");
        cmd.add("--max-time");
        cmd.add("20");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("curl did not finish: " + cmd);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
