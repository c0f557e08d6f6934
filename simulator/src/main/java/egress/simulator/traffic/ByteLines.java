package egress.simulator.traffic;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of a stream as undecoded bytes, split where {@link java.io.BufferedReader#readLine()} splits
 * them ({@code \n}, {@code \r} or {@code \r\n}, a last line without one): neither UTF-8 can hide those
 * bytes inside a character, so decoding a line's bytes gives what the reader would have given. The buffer
 * grows to the longest line and no further.
 */
final class ByteLines {
    private final InputStream in;
    private byte[] buf = new byte[1 << 16];
    /** The bytes not yet handed out: buf[pos, end). */
    private int pos;

    private int end;
    private boolean eof;
    /** The last line ended in '\r' at the end of the buffer: a '\n' first thing in the next read belongs to it. */
    private boolean skipLf;

    private int from;
    private int to;

    ByteLines(InputStream in) {
        this.in = in;
    }

    /** Moves to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        int scanned = pos;
        while (true) {
            if (skipLf && pos < end) {
                skipLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                    scanned = pos;
                }
            }
            byte[] b = buf;
            int n = end;
            for (int i = scanned; i < n; i++) {
                byte c = b[i];
                if (c == '\n' || c == '\r') {
                    from = pos;
                    to = i;
                    pos = i + 1;
                    if (c == '\r') {
                        if (pos < n) {
                            if (b[pos] == '\n') {
                                pos++;
                            }
                        } else {
                            skipLf = true;
                        }
                    }
                    return true;
                }
            }
            scanned = end;
            if (eof) {
                if (pos < end) {
                    from = pos;
                    to = end;
                    pos = end;
                    return true;
                }
                return false;
            }
            scanned -= fill();
        }
    }

    /** Reads more; returns by how much the unread bytes moved towards the start of the buffer. */
    private int fill() throws IOException {
        int moved = pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= pos;
            pos = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int r = in.read(buf, end, buf.length - end);
        if (r < 0) {
            eof = true;
        } else {
            end += r;
        }
        return moved;
    }

    byte[] buffer() {
        return buf;
    }

    /** Where the current line starts in {@link #buffer()}. */
    int from() {
        return from;
    }

    /** Where the current line ends (its terminator excluded). */
    int to() {
        return to;
    }
}
