package egress.simulator.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import egress.policy.match.Decision;
import egress.simulator.SimulatedRequest;
import egress.simulator.Simulation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * One decision as the replay prints it, byte for byte what Jackson's generator wrote for it before:
 * {@code {"line":N,"from":..,"destination":..,"verdict":..,"signal":..,"policy":..,"rule":..,"upstream":..,"reason":..}},
 * fields in that order, {@code null} for absent ones. Everything after the line number depends on the request
 * alone, so it is built once ({@link #tail}) and kept with a request seen before. ASCII text is escaped here
 * as Jackson escapes it ({@code \"}, {@code \\}, {@code \n}-style escapes for b, t, n, f, r, a six-character {@code u00XX} escape
 * for other control characters); text with anything else goes through Jackson itself.
 */
final class DecisionLine {
    static final String[] NAMES = {"from", "destination", "verdict", "signal", "policy", "rule", "upstream", "reason"};
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static JsonFactory json;

    private DecisionLine() {}

    /** The bytes after {@code {"line":N}: {@code ,"from":..}} and a newline. */
    static byte[] tail(SimulatedRequest req, Simulation s) {
        Decision d = s.decision();
        String[] values = {
            req.from().toString(),
            s.request() == null ? null : s.request().destination(),
            s.verdict().id(),
            s.outcome().signal(),
            d == null || d.policy() == null ? null : d.policy().toString(),
            d == null || d.rule() == null ? null : d.rule().toString(),
            d == null || d.upstream() == null ? null : d.upstream().toString(),
            d == null ? "the destination name does not resolve" : d.reason()
        };
        return tail(values);
    }

    /** The tail of the fields' values in {@link #NAMES}' order (null: absent). */
    static byte[] tail(String[] values) {
        int size = 2; // '}' and the newline
        for (int k = 0; k < values.length; k++) {
            String v = values[k];
            if (v != null) {
                for (int i = 0; i < v.length(); i++) {
                    if (v.charAt(i) >= 0x80) {
                        return withJackson(values);
                    }
                }
            }
            size += NAMES[k].length() + 4 + (v == null ? 4 : v.length() * 6 + 2); // at most 6 bytes a character
        }
        byte[] out = new byte[size];
        int n = 0;
        for (int k = 0; k < values.length; k++) {
            out[n++] = ',';
            out[n++] = '"';
            n = ascii(NAMES[k], out, n);
            out[n++] = '"';
            out[n++] = ':';
            String v = values[k];
            if (v == null) {
                n = ascii("null", out, n);
                continue;
            }
            out[n++] = '"';
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c >= 0x20 && c != '"' && c != '\\') {
                    out[n++] = (byte) c;
                    continue;
                }
                out[n++] = '\\';
                switch (c) {
                    case '"', '\\' -> out[n++] = (byte) c;
                    case '\b' -> out[n++] = 'b';
                    case '\t' -> out[n++] = 't';
                    case '\n' -> out[n++] = 'n';
                    case '\f' -> out[n++] = 'f';
                    case '\r' -> out[n++] = 'r';
                    default -> {
                        out[n++] = 'u';
                        out[n++] = '0';
                        out[n++] = '0';
                        out[n++] = HEX[c >> 4];
                        out[n++] = HEX[c & 0xF];
                    }
                }
            }
            out[n++] = '"';
        }
        out[n++] = '}';
        out[n++] = '\n';
        return Arrays.copyOf(out, n);
    }

    private static int ascii(String s, byte[] out, int n) {
        for (int i = 0; i < s.length(); i++) {
            out[n++] = (byte) s.charAt(i);
        }
        return n;
    }

    /** Text beyond ASCII: Jackson writes the line (as it always did), and the part after the line number is kept. */
    private static byte[] withJackson(String[] values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(512);
        try (JsonGenerator g = factory().createGenerator(b)) {
            g.writeStartObject();
            g.writeNumberField("line", 0);
            for (int k = 0; k < values.length; k++) {
                g.writeStringField(NAMES[k], values[k]);
            }
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] all = b.toByteArray();
        int prefix = "{\"line\":0".length();
        return Arrays.copyOfRange(all, prefix, all.length);
    }

    private static synchronized JsonFactory factory() {
        if (json == null) {
            json = new JsonFactory();
        }
        return json;
    }
}
