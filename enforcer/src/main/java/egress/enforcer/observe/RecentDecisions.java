package egress.enforcer.observe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The last few thousand decisions, for a designer following this enforcer ({@code GET /decisions?after=SEQ} on the
 * admin port): a ring of access-log lines numbered from 1 in the order they were written, the oldest overwritten
 * when it is full. Lines, not records: a record's decision keeps its compiled policy set alive, lines keep nothing
 * (4,096 lines of about 400 bytes, each slot's bytes reused by the lines after it). The access log adds each line as it formats it, off the event loops.
 */
public final class RecentDecisions {
    public static final int DEFAULT_CAPACITY = 4096;
    private final byte[][] ring;
    private final int[] lengths;
    /** Sequence number of the last record added; 0 when none. */
    private long last;
    /** The slot of the next record: {@code last % ring.length}. */
    private int nextSlot;

    public RecentDecisions(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        ring = new byte[capacity][];
        lengths = new int[capacity];
    }

    public void add(String line) {
        byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            int slot = next(utf8.length);
            System.arraycopy(utf8, 0, ring[slot], 0, utf8.length);
        }
    }

    /**
     * Keeps what {@code out} holds from {@code start} on, a line the access log has just formatted: copied as UTF-8
     * into the slot's own array, which later lines reuse, so no String is made per line (only for {@code since}).
     */
    synchronized void add(LineBuffer out, int start) {
        int slot = next(out.length() - start);
        out.copy(start, ring[slot], 0);
    }

    /** Takes the next slot for a line of {@code n} bytes; its array holds at least that many. */
    private int next(int n) {
        last++;
        int slot = nextSlot;
        nextSlot = slot + 1 == ring.length ? 0 : slot + 1; // (last - 1) % ring.length, without a division per line
        if (ring[slot] == null || ring[slot].length < n) {
            ring[slot] = new byte[Math.max(n, 512)];
        }
        lengths[slot] = n;
        return slot;
    }

    /**
     * The records after {@code after}, oldest first, as access-log lines.
     *
     * @param oldest the sequence number of the oldest record still held ({@code last + 1} when none is)
     * @param last   the sequence number of the last line given, or {@code after} when none is newer
     * @param lines  one JSON object each, as the access log writes it
     */
    public record Page(long oldest, long last, List<String> lines) {}

    public Page since(long after) {
        List<String> lines = new ArrayList<>();
        long oldest;
        long newest;
        synchronized (this) {
            newest = last;
            oldest = Math.max(1, last - ring.length + 1);
            if (after > newest) {
                after = 0; // numbered by an earlier run of this enforcer: everything held is new to the caller
            }
            for (long seq = Math.max(after + 1, oldest); seq <= newest; seq++) {
                int slot = (int) ((seq - 1) % ring.length);
                lines.add(new String(ring[slot], 0, lengths[slot], StandardCharsets.UTF_8));
            }
        }
        return new Page(newest == 0 ? 1 : oldest, lines.isEmpty() ? Math.min(after, newest) : newest, lines);
    }
}
