package egress.simulator.testfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The semantics spec as EgressTest tables (src/test/resources/spec-cases): http, tls/tcp and mesh rules,
 * each file run under osm and its pipy twin, through the whole simulator.
 */
class SpecCasesTest {
    @Test
    void everySpecCasePassesUnderBothEngines() throws Exception {
        Path dir = Path.of(SpecCasesTest.class.getResource("/spec-cases").toURI());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = TestSuite.run(
                List.of(dir),
                false,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report).isZero();
        long passed = report.lines().filter(l -> l.startsWith("PASS ")).count();
        assertThat(report).endsWith("\n" + passed + " passed, 0 failed\n").doesNotContain("FAIL ");
        assertThat(passed).isGreaterThanOrEqualTo(88);
    }
}
