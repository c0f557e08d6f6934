package egress.simulator.traffic;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * A progress bar on a terminal's stderr: the share of the input read when its size is known,
 * else the number of lines. Redrawn at most every 100 ms, so it costs nothing per request.
 */
public final class Progress {
    private final PrintStream err;
    private final long totalBytes;
    private final CountingStream counter;
    private long nextDraw;

    private Progress(PrintStream err, long totalBytes, CountingStream counter) {
        this.err = err;
        this.totalBytes = totalBytes;
        this.counter = counter;
    }

    /** Wraps {@code in} so the bytes read can be shown against {@code totalBytes} (0 when unknown). */
    public static Progress over(InputStream in, long totalBytes, PrintStream err) {
        return new Progress(err, totalBytes, new CountingStream(in));
    }

    public InputStream stream() {
        return counter;
    }

    public void update(long lines) {
        long now = System.nanoTime();
        if (now < nextDraw) {
            return;
        }
        nextDraw = now + 100_000_000L;
        draw(lines);
    }

    public void finish(long lines) {
        draw(lines);
        err.print('\n');
        err.flush();
    }

    private void draw(long lines) {
        if (totalBytes > 0) {
            int width = 30;
            double share = Math.min(1.0, counter.count / (double) totalBytes);
            int filled = (int) (share * width);
            err.printf(
                    "\r[%s%s] %3d%%  %,d requests",
                    "#".repeat(filled), " ".repeat(width - filled), (int) (share * 100), lines);
        } else {
            err.printf("\r%,d requests", lines);
        }
        err.flush();
    }

    private static final class CountingStream extends FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
