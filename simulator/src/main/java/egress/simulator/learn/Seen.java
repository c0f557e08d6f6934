package egress.simulator.learn;

import java.time.Instant;

/** How often something was seen in the traffic, and when first and last (epoch ms; unknown times ignored). */
final class Seen {
    long count;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;

    void add(long time) {
        count++;
        if (time >= 0) {
            first = Math.min(first, time);
            last = Math.max(last, time);
        }
    }

    void add(Seen o) {
        count += o.count;
        first = Math.min(first, o.first);
        last = Math.max(last, o.last);
    }

    /** {@code 1,234 requests, first 2026-01-02T03:04:05Z, last ...}, for comments. */
    String describe() {
        String n = String.format("%,d request%s", count, count == 1 ? "" : "s");
        if (first == Long.MAX_VALUE) {
            return n;
        }
        return n + ", first " + Instant.ofEpochMilli(first) + ", last " + Instant.ofEpochMilli(last);
    }
}
