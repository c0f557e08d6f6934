package egress.simulator.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SeenLinesTest {
    private static final byte[] TAIL = "tail".getBytes(StandardCharsets.US_ASCII);

    /** Looks a line up and keeps it when it was not there, as the replay does; true when it was found. */
    private static boolean offer(SeenLines seen, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        int hash = SeenLines.hash(b, 0, b.length);
        if (seen.find(b, 0, b.length, hash) != null) {
            return true;
        }
        seen.keep(b, 0, b.length, hash, TAIL, null);
        return false;
    }

    @Test
    void aRepeatedLineIsFoundAndKeptOnce() {
        SeenLines seen = new SeenLines();
        assertThat(offer(seen, "{\"from\":\"curl/curl\",\"curl\":\"curl -s http://httpbin.org/get\"}"))
                .isFalse();
        assertThat(offer(seen, "{\"from\":\"curl/curl\",\"curl\":\"curl -s http://httpbin.org/get\"}"))
                .isTrue();
        assertThat(seen.kept()).isEqualTo(1);
    }

    @Test
    void inputWhereEveryLineDiffersStopsBeingCopiedAfterAWindow() {
        SeenLines seen = new SeenLines();
        for (int i = 0; i < 4 * SeenLines.WINDOW; i++) {
            offer(seen, "{\"time\":" + i + ",\"host\":\"httpbin.org\"}");
        }
        // the first window is kept (nothing known yet), then the hit rate (0) rests the memory
        assertThat(seen.kept()).isEqualTo(SeenLines.WINDOW - 1);
    }

    @Test
    void whatWasKeptStillAnswersWhileResting() {
        SeenLines seen = new SeenLines();
        for (int i = 0; i < 2 * SeenLines.WINDOW; i++) {
            offer(seen, "distinct " + i);
        }
        // the last line kept before the memory rested: nothing kept since could have pushed it out
        assertThat(offer(seen, "distinct " + (SeenLines.WINDOW - 2))).isTrue();
        assertThat(seen.kept()).isEqualTo(SeenLines.WINDOW - 1);
    }

    @Test
    void repeatingInputKeepsBeingRemembered() {
        SeenLines seen = new SeenLines();
        for (int i = 0; i < 3 * SeenLines.WINDOW; i++) {
            offer(seen, "line " + (i % 1000) + (i > 2 * SeenLines.WINDOW ? " late " + (i % 7) : ""));
        }
        assertThat(offer(seen, "line 3 late 3")).isTrue();
    }
}
