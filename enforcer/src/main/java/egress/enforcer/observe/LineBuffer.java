package egress.enforcer.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * A reusable byte buffer that lines are formatted into as UTF-8, with no String or StringBuilder per line: the
 * access log's writer thread formats many lines into one buffer and writes them out in one call.
 */
final class LineBuffer {
    private byte[] bytes;
    private int length;
    /** The second whose date and time {@link #prefix} holds, as {@link #instant} writes them. */
    private long second = Long.MIN_VALUE;

    private final byte[] prefix = new byte[19];

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
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** What was appended from byte {@code start} on, as a new array. */
    byte[] copyFrom(int start) {
        return Arrays.copyOfRange(bytes, start, length);
    }

    /** Appends {@code b} as it is (bytes this buffer formatted before: see {@link #copyFrom}). */
    LineBuffer raw(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
        return this;
    }

    /** Copies what was appended from byte {@code start} on to {@code to}, at {@code at}. */
    void copy(int start, byte[] to, int at) {
        System.arraycopy(bytes, start, to, at, length - start);
    }

    /**
     * {@code t} as {@link Instant#toString()} writes it ({@code 2026-12-04T23:25:01.123Z}: seconds always, the
     * fraction in groups of three digits as needed), without the String and formatter that costs per line; the
     * date and time of the current second are formatted once per second.
     */
    LineBuffer instant(Instant t) {
        long s = t.getEpochSecond();
        if (s < 0 || s >= MAX_FOUR_DIGIT_YEAR) {
            return ascii(t.toString()); // before 1970 or after 9999: Instant's own rules (a sign, wider years)
        }
        if (s != second) {
            LocalDateTime d = LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC);
            digits(prefix, 0, d.getYear(), 4);
            prefix[4] = '-';
            digits(prefix, 5, d.getMonthValue(), 2);
            prefix[7] = '-';
            digits(prefix, 8, d.getDayOfMonth(), 2);
            prefix[10] = 'T';
            digits(prefix, 11, d.getHour(), 2);
            prefix[13] = ':';
            digits(prefix, 14, d.getMinute(), 2);
            prefix[16] = ':';
            digits(prefix, 17, d.getSecond(), 2);
            second = s;
        }
        room(prefix.length + 11);
        System.arraycopy(prefix, 0, bytes, length, prefix.length);
        length += prefix.length;
        int nanos = t.getNano();
        if (nanos != 0) {
            bytes[length++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(bytes, length, nanos / 1_000_000, 3);
                length += 3;
            } else if (nanos % 1000 == 0) {
                digits(bytes, length, nanos / 1000, 6);
                length += 6;
            } else {
                digits(bytes, length, nanos, 9);
                length += 9;
            }
        }
        bytes[length++] = 'Z';
        return this;
    }

    /** The first second of the year 10000. */
    private static final long MAX_FOUR_DIGIT_YEAR = 253_402_300_800L;

    private static void digits(byte[] to, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            to[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
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
    @SuppressWarnings("deprecation") // the low byte of each char is what ASCII needs; this copy is one array copy
    LineBuffer ascii(String s) {
        int n = s.length();
        room(n);
        s.getBytes(0, n, bytes, length);
        length += n;
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
