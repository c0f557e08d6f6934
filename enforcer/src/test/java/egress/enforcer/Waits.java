package egress.enforcer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** What the process-level tests share: waiting for observable state, and reading a response head off a socket. */
final class Waits {
    private Waits() {}

    /** Polls {@code condition} until it holds, failing after {@code seconds}. */
    static void until(long seconds, String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.call()) {
            assertThat(System.nanoTime()).as(what + " within " + seconds + " s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** The bytes up to and including the blank line that ends an HTTP head (all of them if the stream ends first). */
    static String readHead(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        while (s.length() < 4 || s.lastIndexOf("\r\n\r\n") != s.length() - 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            s.append((char) b);
        }
        return s.toString();
    }
}
