package egress.enforcer.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable byte buffer that lines are formatted into as UTF-8, with no String or StringBuilder per line: the
 * access log's writer thread formats many lines into one buffer and writes them out in one call.
 */
final class LineBuffer {
    private byte[] bytes;
    private int length;

    LineBuffer(int capacity) {
        bytes = new byte[capacity];
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    /** Drops what was appended after the first {@code n} bytes. */
    void truncate(int n) {
        length = Math.min(length, n);
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    @Override
    public String toString() {
        return toString(0);
    }

    /** What was appended from byte {@code start} on (a whole line: never a split character). */
    String toString(int start) {
        return new String(bytes, start, length - start, StandardCharsets.UTF_8);
    }

    private void room(int n) {
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
    }

    LineBuffer ascii(char c) {
        room(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** {@code s}, which the caller knows to be ASCII with nothing to escape (field names, literals). */
    LineBuffer ascii(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    LineBuffer decimal(long v) {
        if (v == Long.MIN_VALUE) {
            return ascii(Long.toString(v));
        }
        room(20);
        if (v < 0) {
            bytes[length++] = '-';
            v = -v;
        }
        int start = length;
        do {
            bytes[length++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte t = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = t;
        }
        return this;
    }

    /** {@code s} as a JSON string (quoted and escaped), in UTF-8. */
    LineBuffer quoted(String s) {
        int n = s.length();
        room(n + 2);
        bytes[length++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                room(1);
                bytes[length++] = (byte) c;
            } else if (c < 0x80) {
                escape(c);
            } else if (c < 0x800) {
                room(2);
                bytes[length++] = (byte) (0xc0 | (c >> 6));
                bytes[length++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                room(4);
                bytes[length++] = (byte) (0xf0 | (cp >> 18));
                bytes[length++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                bytes[length++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                bytes[length++] = (byte) (0x80 | (cp & 0x3f));
            } else if (Character.isSurrogate(c)) {
                ascii('?'); // a lone surrogate has no UTF-8 form (String.getBytes writes '?' too)
            } else {
                room(3);
                bytes[length++] = (byte) (0xe0 | (c >> 12));
                bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                bytes[length++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return ascii('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private void escape(char c) {
        switch (c) {
            case '"' -> ascii("\\\"");
            case '\\' -> ascii("\\\\");
            case '\n' -> ascii("\\n");
            case '\r' -> ascii("\\r");
            case '\t' -> ascii("\\t");
            case '\b' -> ascii("\\b");
            case '\f' -> ascii("\\f");
            case 0x7f -> ascii(c);
            default -> ascii("\\u00").ascii(HEX[c >> 4]).ascii(HEX[c & 0xf]);
        }
    }
}
