package egress.enforcer.observe;

import java.util.ArrayList;
import java.util.List;

/**
 * The last few thousand decisions, for a designer following this enforcer ({@code GET /decisions?after=SEQ} on the
 * admin port): a ring of access records numbered from 1 in the order they were logged, the oldest overwritten when
 * it is full. Adding costs one store under a lock on the event loop; a record is formatted as its access-log line
 * only when asked for.
 */
public final class RecentDecisions {
    public static final int DEFAULT_CAPACITY = 4096;
    private final AccessRecord[] ring;
    /** Sequence number of the last record added; 0 when none. */
    private long last;

    public RecentDecisions(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        ring = new AccessRecord[capacity];
    }

    public synchronized void add(AccessRecord r) {
        last++;
        ring[(int) ((last - 1) % ring.length)] = r;
    }

    /**
     * The records after {@code after}, oldest first, as access-log lines.
     *
     * @param oldest the sequence number of the oldest record still held ({@code last + 1} when none is)
     * @param last   the sequence number of the last line given, or {@code after} when none is newer
     * @param lines  one JSON object each, as the access log writes it
     */
    public record Page(long oldest, long last, List<String> lines) {
    }

    public Page since(long after) {
        List<AccessRecord> records = new ArrayList<>();
        long oldest;
        long newest;
        synchronized (this) {
            newest = last;
            oldest = Math.max(1, last - ring.length + 1);
            if (after > newest) {
                after = 0; // numbered by an earlier run of this enforcer: everything held is new to the caller
            }
            for (long seq = Math.max(after + 1, oldest); seq <= newest; seq++) {
                records.add(ring[(int) ((seq - 1) % ring.length)]);
            }
        }
        List<String> lines = new ArrayList<>(records.size());
        for (AccessRecord r : records) {
            lines.add(AccessLog.toJson(r));
        }
        return new Page(newest == 0 ? 1 : oldest, records.isEmpty() ? Math.min(after, newest) : newest, lines);
    }
}
