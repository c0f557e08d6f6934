package egress.simulator.learn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code egress learn} proposes: the manifests, the EgressTest file that pins the traffic, and what
 * the reader should know (requests refused when recorded, which stay refused, and warnings).
 *
 * @param refused  one line per distinct request refused when recorded: count, request, what decided it then
 * @param warnings what did not go as asked: refused requests the learned set would allow, lines not learned
 */
public record Learned(
        List<Proposal> proposals,
        String tests,
        List<String> refused,
        List<String> warnings,
        long allowedRequests,
        long refusedRequests) {

    public static final String TESTS_FILE = "tests/learned.yaml";

    /** Writes {@code DIR/<namespace>/<name>.yaml} for each proposal and {@code DIR/tests/learned.yaml}. */
    public void write(Path dir) throws IOException {
        for (Proposal p : proposals) {
            Path file = dir.resolve(p.file());
            Files.createDirectories(file.getParent());
            Files.writeString(file, p.yaml(), StandardCharsets.UTF_8);
        }
        Path tests = dir.resolve(TESTS_FILE);
        Files.createDirectories(tests.getParent());
        Files.writeString(tests, this.tests, StandardCharsets.UTF_8);
    }
}
