package egress.simulator.traffic;

import egress.policy.model.Identity;
import egress.simulator.SimulatedRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recorded requests loaded into a designer, one entry per distinct request (the same client, protocol, host,
 * server name, address, port, method, path and headers: the {@link SimulatedRequest} as read, whose headers are
 * only those a route match could need) with how often and when it was seen. Entries keep the order they were
 * first seen in and are never removed, so entry {@code i} stays the same request as more traffic comes in (a
 * follower adds while a designer reads). At most {@code maxDistinct} entries are kept; requests beyond that are
 * counted in {@link #total()} and {@link #notKept()} only.
 *
 * <p>Thread-safe: every method is synchronized; {@link #observed()} returns a copy.
 */
public final class LoadedTraffic {
    /** How many unreadable lines {@link #problems()} keeps (all are counted). */
    public static final int MAX_PROBLEMS = 20;

    /**
     * One distinct request.
     *
     * @param sample    the first recorded line of it (its file and line name it in messages)
     * @param count     how many times it was recorded
     * @param firstSeen epoch ms, -1 when no line said
     * @param lastSeen  epoch ms, -1 when no line said
     */
    public record Observed(RecordedRequest sample, long count, long firstSeen, long lastSeen) {}

    private static final class Entry {
        final RecordedRequest sample;
        long count;
        long first = -1;
        long last = -1;

        Entry(RecordedRequest sample) {
            this.sample = sample;
        }

        void add(long time) {
            count++;
            if (time >= 0) {
                first = first < 0 ? time : Math.min(first, time);
                last = Math.max(last, time);
            }
        }
    }

    private final int maxDistinct;
    private final Map<SimulatedRequest, Entry> byRequest = new HashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private long total;
    private long notKept;
    private long unreadable;
    private long version;

    public LoadedTraffic(int maxDistinct) {
        if (maxDistinct < 1) {
            throw new IllegalArgumentException("maxDistinct must be at least 1, got " + maxDistinct);
        }
        this.maxDistinct = maxDistinct;
    }

    /**
     * Reads traffic files (gzip-compressed or not) into a new instance; unreadable lines are counted and the first
     * few kept in {@link #problems()}, never fatal. A file that cannot be opened is an IOException naming it.
     *
     * @param formatOrNull the format of every line; null detects it line by line
     * @param fromOrNull   the client of Envoy access logs; null makes their lines unreadable
     */
    public static LoadedTraffic read(List<Path> files, TrafficFormat formatOrNull, Identity fromOrNull, int maxDistinct)
            throws IOException {
        LoadedTraffic t = new LoadedTraffic(maxDistinct);
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                t.read(f.toString(), in, formatOrNull, fromOrNull);
            }
        }
        return t;
    }

    /** Reads one stream of traffic (gzip-compressed or not) into this; {@code name} names it in problems. */
    public void read(String name, InputStream raw, TrafficFormat formatOrNull, Identity fromOrNull) throws IOException {
        PrintStream problemsOut = new PrintStream(new ProblemLines(), true, StandardCharsets.UTF_8);
        TrafficReader reader =
                new TrafficReader(formatOrNull == null ? TrafficFormat.AUTO : formatOrNull, fromOrNull, problemsOut);
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(TrafficReader.open(raw), StandardCharsets.UTF_8), 1 << 16)) {
            reader.read(name, in, this::add, null);
        }
        synchronized (this) {
            unreadable += reader.unreadable();
            if (reader.unreadable() > 0) {
                version++;
            }
        }
    }

    /** Adds one recorded request. */
    public synchronized void add(RecordedRequest r) {
        total++;
        version++;
        Entry e = byRequest.get(r.request());
        if (e == null) {
            if (entries.size() >= maxDistinct) {
                notKept++;
                return;
            }
            e = new Entry(r);
            byRequest.put(r.request(), e);
            entries.add(e);
        }
        e.add(r.time());
    }

    /** Counts a line that could not be read (a follower's), keeping its text among the first few problems. */
    public synchronized void unreadable(String problem) {
        unreadable++;
        version++;
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        }
    }

    /** Every distinct request, in the order first seen: a copy, entry {@code i} is the same request in later copies. */
    public synchronized List<Observed> observed() {
        List<Observed> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            out.add(new Observed(e.sample, e.count, e.first, e.last));
        }
        return out;
    }

    /** Distinct requests kept. */
    public synchronized int distinct() {
        return entries.size();
    }

    /** Requests added, those not kept included. */
    public synchronized long total() {
        return total;
    }

    /** Requests not kept because {@code maxDistinct} distinct ones were already kept. */
    public synchronized long notKept() {
        return notKept;
    }

    public synchronized long unreadable() {
        return unreadable;
    }

    /** The first few unreadable lines, as {@code FILE:LINE: why}. */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** Bumped by every change, so a reader can tell whether what it derived is still current. */
    public synchronized long version() {
        return version;
    }

    public int maxDistinct() {
        return maxDistinct;
    }

    /** Collects the reader's report lines into {@link #problems}. */
    private final class ProblemLines extends OutputStream {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        @Override
        public void write(int b) {
            if (b == '\n') {
                String text = bytes.toString(StandardCharsets.UTF_8);
                bytes.reset();
                synchronized (LoadedTraffic.this) {
                    if (problems.size() < MAX_PROBLEMS) {
                        problems.add(text);
                    }
                }
            } else if (bytes.size() < 4096) {
                bytes.write(b);
            }
        }
    }
}
