package egress.enforcer;

import java.time.Duration;

/**
 * Waits for a condition the test can observe (a version, a count, a curl answer), checking it every 10 ms
 * until it holds or the generous deadline passes; then it fails naming what was awaited. The deadline is a
 * hang guard, not a performance bound: a slow machine only makes the wait longer.
 */
public final class Await {
    /** A condition that may need I/O to check (a curl run, an HTTP call). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    public static void until(String what, Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("still waiting after " + timeout.toSeconds() + " s until " + what);
            }
            Thread.sleep(10); // the pause between two checks of the condition, not a wait for anything
        }
    }
}
