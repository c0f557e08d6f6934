package egress.simulator.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecisionLineTest {
    /** What the replay wrote before, with Jackson's generator: the bytes after {"line":0. */
    private static String jackson(String[] values) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(b)) {
            g.writeStartObject();
            g.writeNumberField("line", 0);
            for (int k = 0; k < values.length; k++) {
                g.writeStringField(DecisionLine.NAMES[k], values[k]);
            }
            g.writeEndObject();
            g.writeRaw('\n');
        }
        return b.toString(StandardCharsets.UTF_8).substring("{\"line\":0".length());
    }

    @Test
    void everyAsciiCharacterIsEscapedAsJacksonEscapesIt() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
        }
        String[] values = {all.toString(), null, "a\"b\\c", "\u007f", "", null, "x\ny\tz\r\b\f", "\u0000\u001f"};
        assertThat(new String(DecisionLine.tail(values), StandardCharsets.UTF_8))
                .isEqualTo(jackson(values));
    }

    @Test
    void randomTextAsciiOrNotComesOutAsJacksonWroteIt() throws Exception {
        Random rnd = new Random(13);
        String alphabet = "abc/:.-_ \"\\\t\n\r\u0001\u001f\u007fé日本\uD83D\uDE00";
        for (int round = 0; round < 2000; round++) {
            String[] values = new String[DecisionLine.NAMES.length];
            for (int k = 0; k < values.length; k++) {
                if (rnd.nextInt(5) == 0) {
                    continue;
                }
                StringBuilder v = new StringBuilder();
                boolean ascii = rnd.nextBoolean();
                for (int i = rnd.nextInt(30); i > 0; i--) {
                    int at = rnd.nextInt(ascii ? 17 : alphabet.length() - 1);
                    char c = alphabet.charAt(at);
                    v.append(c);
                    if (Character.isHighSurrogate(c)) {
                        v.append(alphabet.charAt(at + 1));
                    }
                }
                values[k] = v.toString();
            }
            assertThat(new String(DecisionLine.tail(values), StandardCharsets.UTF_8))
                    .as("round %d", round)
                    .isEqualTo(jackson(values));
        }
    }
}
