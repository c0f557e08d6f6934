package egress.simulator.replay;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The replay's memory of lines it has decided: a line's bytes to what was worked out for them (the request's
 * output after its line number, and where it is counted). Recorded traffic repeats the same requests a lot, and
 * the same bytes always read as the same request and get the same decision, so a line seen before is neither
 * read nor decided again. Bounded: {@link #CAPACITY} lines in sets of two, the less recently used of a set
 * making way, and lines longer than {@link #MAX_LINE} bytes are not kept; memory does not grow with the input.
 *
 * <p>Remembering only pays when lines repeat. Input where nearly every line differs (an access log with a time on
 * each line) would pay a copy per line for nothing, so the hit rate is checked every {@link #WINDOW} lines: below
 * one in eight, nothing new is kept for the next {@link #REST} windows (what is kept still answers), then it is
 * tried again.
 */
final class SeenLines {
    static final int CAPACITY = 1 << 16;
    static final int MAX_LINE = 1024;
    static final int WINDOW = 1 << 16;
    static final int REST = 15;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private final int[] hashes = new int[CAPACITY];
    private final Seen[] seen = new Seen[CAPACITY];
    private int looked;
    private int hits;
    private int resting;
    private long kept;

    /** What a line was decided as. */
    record Seen(byte[] line, byte[] tail, ReplaySummary.Tally tally) {}

    /** The line at {@code bytes[from, to)} if it was kept, else null; {@code hash} is {@link #hash}'s. */
    Seen find(byte[] bytes, int from, int to, int hash) {
        if (++looked == WINDOW) {
            resting = resting > 0 ? resting - 1 : hits < WINDOW / 8 ? REST : 0;
            looked = 0;
            hits = 0;
        }
        int i = index(hash);
        for (int k = i; k < i + 2; k++) {
            if (hashes[k] != hash) { // the hashes first: a miss then touches nothing else of the table
                continue;
            }
            Seen s = seen[k];
            if (s != null && Arrays.equals(s.line, 0, s.line.length, bytes, from, to)) {
                if (k != i) { // the most recently used first
                    seen[k] = seen[i];
                    hashes[k] = hashes[i];
                    seen[i] = s;
                    hashes[i] = hash;
                }
                hits++;
                return s;
            }
        }
        return null;
    }

    /** Keeps a line (unless it is too long), in place of the less recently used of its set. */
    void keep(byte[] bytes, int from, int to, int hash, byte[] tail, ReplaySummary.Tally tally) {
        if (to - from > MAX_LINE || resting > 0) {
            return;
        }
        kept++;
        int i = index(hash);
        seen[i + 1] = seen[i];
        hashes[i + 1] = hashes[i];
        seen[i] = new Seen(Arrays.copyOfRange(bytes, from, to), tail, tally);
        hashes[i] = hash;
    }

    /** How many lines have been kept so far (each a copy of the line and its output). */
    long kept() {
        return kept;
    }

    private static int index(int hash) {
        return (hash & (CAPACITY / 2 - 1)) << 1;
    }

    /** A hash of {@code bytes[from, to)}, eight bytes at a time. */
    static int hash(byte[] bytes, int from, int to) {
        long h = 0x9E3779B97F4A7C15L ^ (to - from);
        int i = from;
        for (; i + 8 <= to; i += 8) {
            h = Long.rotateLeft((h ^ (long) LONGS.get(bytes, i)) * 0xBF58476D1CE4E5B9L, 29);
        }
        for (; i < to; i++) {
            h = (h ^ bytes[i]) * 0x94D049BB133111EBL;
        }
        h ^= h >>> 31;
        h *= 0xD6E8FEB86659FD93L;
        return (int) (h ^ (h >>> 32));
    }
}
