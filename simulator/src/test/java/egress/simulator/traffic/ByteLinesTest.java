package egress.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteLinesTest {
    private static List<String> byReader(byte[] input) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                lines.add(l);
            }
        }
        return lines;
    }

    /** Hands out at most {@code chunk} bytes a read, so lines and "\r\n" straddle the reads. */
    private static InputStream trickling(byte[] input, int chunk) {
        return new ByteArrayInputStream(input) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    private static List<String> byBytes(InputStream in) throws Exception {
        List<String> lines = new ArrayList<>();
        ByteLines b = new ByteLines(in);
        while (b.next()) {
            lines.add(new String(b.buffer(), b.from(), b.to() - b.from(), StandardCharsets.UTF_8));
        }
        return lines;
    }

    @Test
    void splitsAndDecodesWhereBufferedReaderDoes() throws Exception {
        Random rnd = new Random(13);
        byte[][] pieces = {
            "\n".getBytes(),
            "\r".getBytes(),
            "\r\n".getBytes(),
            "{\"from\":\"a/b\"}".getBytes(),
            " ".getBytes(),
            "é".getBytes(StandardCharsets.UTF_8),
            "日本".getBytes(StandardCharsets.UTF_8),
            "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8),
            {(byte) 0xE2},
            {(byte) 0xC3},
            {(byte) 0xFF},
            {(byte) 0x80}
        };
        for (int round = 0; round < 3000; round++) {
            java.io.ByteArrayOutputStream input = new java.io.ByteArrayOutputStream();
            for (int i = rnd.nextInt(40); i > 0; i--) {
                input.writeBytes(pieces[rnd.nextInt(pieces.length)]);
            }
            byte[] bytes = input.toByteArray();
            List<String> expected = byReader(bytes);
            assertThat(byBytes(new ByteArrayInputStream(bytes)))
                    .as("round %d", round)
                    .isEqualTo(expected);
            assertThat(byBytes(trickling(bytes, 1 + rnd.nextInt(4))))
                    .as("round %d, trickled", round)
                    .isEqualTo(expected);
        }
    }

    @Test
    void aLineLongerThanTheBufferComesWhole() throws Exception {
        String longLine = "x".repeat(200_000);
        byte[] input = ("a\r\n" + longLine + "\rb").getBytes(StandardCharsets.UTF_8);
        assertThat(byBytes(trickling(input, 7000))).containsExactly("a", longLine, "b");
    }
}
