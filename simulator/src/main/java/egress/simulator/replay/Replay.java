package egress.simulator.replay;

import egress.simulator.Simulation;
import egress.simulator.Simulator;
import egress.simulator.traffic.Progress;
import egress.simulator.traffic.RecordedRequest;
import egress.simulator.traffic.TrafficFormat;
import egress.simulator.traffic.TrafficReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Replays recorded requests and writes one JSON decision a line. Memory stays flat: requests are read,
 * decided and written a batch at a time, and only counters and a bounded memory of lines seen before
 * ({@link SeenLines}) are kept. Requests are read by
 * {@link TrafficReader}, so every traffic format works here (the replay format
 * {@code {"from":"ns/sa","curl":"curl -sI http://..."}} or its explicit form, the enforcer's access
 * log, Envoy's access log with a given client); an unreadable line is reported with its number,
 * counted, and the replay goes on.
 */
public final class Replay {
    private final Simulator simulator;
    private final ReplaySummary summary = new ReplaySummary();

    public Replay(Simulator simulator) {
        this.simulator = simulator;
    }

    public ReplaySummary summary() {
        return summary;
    }

    /**
     * Replays every line of {@code in} (format told line by line); decisions go to {@code out} (null: none
     * written), errors to {@code err}, and progress to the given bar (null: none).
     */
    public ReplaySummary run(BufferedReader in, OutputStream out, PrintStream err, Progress progress)
            throws IOException {
        TrafficReader reader = new TrafficReader(TrafficFormat.AUTO, null, err);
        Output o = out == null ? null : new Output(out);
        reader.read(
                "(input)",
                in,
                r -> {
                    Simulation s = simulator.run(r.request(), false);
                    summary.count(s);
                    if (o != null) {
                        try {
                            o.write(r.line(), DecisionLine.tail(r.request(), s));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                },
                progress);
        summary.unreadable(reader.unreadable());
        if (o != null) {
            o.flush();
        }
        return summary;
    }

    /**
     * Replays every file through {@code reader}; progress bars go to {@code progressTo} (null: none). A line whose
     * bytes were seen before (see {@link SeenLines}) is written and counted as it was then, without being read again.
     * Lines go in batches: while this thread reads a batch, looks its lines up and writes the one before, another
     * thread reads and decides the new lines of that one (when the machine has a second processor); decisions are
     * written, lines counted and unreadable ones reported in the order of the input all the same.
     */
    public ReplaySummary run(List<String> files, TrafficReader reader, OutputStream out, PrintStream progressTo)
            throws IOException {
        Output o = out == null ? null : new Output(out);
        long before = reader.unreadable();
        ExecutorService worker = Runtime.getRuntime().availableProcessors() > 1
                ? Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "replay-decide");
                    t.setDaemon(true);
                    return t;
                })
                : null;
        try {
            Batches batches = new Batches(reader, o, worker);
            if (worker != null) {
                batches.pending =
                        worker.submit(() -> simulator.mesh().compiled(), null); // while the first lines are read
            }
            for (String file : files) {
                reader.readLines(file, batches::line, progressTo);
                batches.dispatch();
            }
            batches.finish();
        } finally {
            if (worker != null) {
                worker.shutdownNow();
            }
        }
        summary.unreadable(reader.unreadable() - before);
        if (o != null) {
            o.flush();
        }
        return summary;
    }

    /** Two batches of lines, one filled by this thread while the other's new lines are read and decided. */
    private final class Batches {
        private final TrafficReader reader;
        private final TrafficReader workerReader;
        private final Output out;
        private final ExecutorService worker;
        private final SeenLines seen = new SeenLines();
        private Batch filling = new Batch();
        private Batch inFlight = new Batch();
        /** The in-flight batch's work; null when none. */
        Future<?> pending;

        Batches(TrafficReader reader, Output out, ExecutorService worker) {
            this.reader = reader;
            this.workerReader = worker == null ? reader : reader.sibling();
            this.out = out;
            this.worker = worker;
        }

        void line(String name, long lineNo, byte[] bytes, int from, int to) throws IOException {
            Batch b = filling; // a batch holds lines of one file: run() dispatches at the end of each
            b.name = name;
            int hash = SeenLines.hash(bytes, from, to);
            SeenLines.Seen known = seen.find(bytes, from, to, hash);
            if (known != null) {
                b.addKnown(lineNo, known);
            } else {
                b.addNew(lineNo, hash, bytes, from, to);
            }
            if (b.n == Batch.SIZE) {
                dispatch();
            }
        }

        /** Hands the filled batch over (and finishes the one before it, which is written first). */
        void dispatch() throws IOException {
            finishInFlight();
            Batch b = filling;
            filling = inFlight;
            inFlight = b;
            if (b.news == 0) {
                return;
            }
            if (worker == null) {
                b.decide(workerReader, out != null);
            } else {
                pending = worker.submit(() -> b.decide(workerReader, out != null));
            }
        }

        void finish() throws IOException {
            dispatch();
            finishInFlight();
        }

        /** Waits for the batch in flight, then counts and writes its lines in order, keeping the new ones. */
        private void finishInFlight() throws IOException {
            if (pending != null) {
                try {
                    pending.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("replay interrupted");
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IOException(e.getCause());
                }
                pending = null;
            }
            Batch b = inFlight;
            for (int i = 0; i < b.n; i++) {
                SeenLines.Seen known = b.known[i];
                if (known != null) {
                    reader.countAgain();
                    summary.count(known.tally());
                    if (out != null) {
                        out.write(b.lineNos[i], known.tail());
                    }
                    continue;
                }
                RecordedRequest r = reader.count(b.name, b.lineNos[i], b.read[i]);
                if (r == null) {
                    continue; // blank, or unreadable (reported)
                }
                ReplaySummary.Tally tally = summary.tally(b.simulations[i]);
                summary.count(tally);
                if (out != null) {
                    out.write(b.lineNos[i], b.tails[i]);
                }
                seen.keep(b.bytes, b.starts[i], b.ends[i], b.hashes[i], b.tails[i], tally);
            }
            b.clear();
        }
    }

    /** Up to {@link #SIZE} lines of one file: those seen before, and the bytes of new ones with what they read as. */
    private final class Batch {
        static final int SIZE = 1024;
        String name;
        int n;
        int news;
        final long[] lineNos = new long[SIZE];
        final SeenLines.Seen[] known = new SeenLines.Seen[SIZE];
        final int[] hashes = new int[SIZE];
        final int[] starts = new int[SIZE];
        final int[] ends = new int[SIZE];
        byte[] bytes = new byte[1 << 16];
        int used;
        final TrafficReader.Line[] read = new TrafficReader.Line[SIZE];
        final Simulation[] simulations = new Simulation[SIZE];
        final byte[][] tails = new byte[SIZE][];

        void addKnown(long lineNo, SeenLines.Seen s) {
            lineNos[n] = lineNo;
            known[n++] = s;
        }

        void addNew(long lineNo, int hash, byte[] line, int from, int to) {
            int len = to - from;
            if (used + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + len));
            }
            System.arraycopy(line, from, bytes, used, len);
            lineNos[n] = lineNo;
            hashes[n] = hash;
            starts[n] = used;
            ends[n] = used + len;
            used += len;
            news++;
            n++;
        }

        /** Reads and decides the new lines (on the worker, or inline without one). */
        void decide(TrafficReader reader, boolean withOutput) {
            for (int i = 0; i < n; i++) {
                if (known[i] != null) {
                    continue;
                }
                TrafficReader.Line line = reader.readLine(name, lineNos[i], bytes, starts[i], ends[i]);
                read[i] = line;
                if (line.request() != null) {
                    Simulation s = simulator.run(line.request().request(), false);
                    simulations[i] = s;
                    tails[i] = withOutput ? DecisionLine.tail(line.request().request(), s) : null;
                }
            }
        }

        void clear() {
            Arrays.fill(known, 0, n, null);
            Arrays.fill(read, 0, n, null);
            Arrays.fill(simulations, 0, n, null);
            Arrays.fill(tails, 0, n, null);
            n = 0;
            news = 0;
            used = 0;
            name = null;
        }
    }

    /**
     * Decisions, one JSON object a line, as Jackson's generator wrote them before: the objects of one run
     * separated by its root value separator (a space) before the newline written after each.
     */
    private static final class Output {
        private static final byte[] START = "{\"line\":".getBytes(StandardCharsets.US_ASCII);
        private final OutputStream out;
        private final byte[] buf = new byte[1 << 16];
        private int n;
        private boolean first = true;

        Output(OutputStream out) {
            this.out = out;
        }

        void write(long lineNo, byte[] tail) throws IOException {
            if (n + 1 + START.length + 20 + tail.length > buf.length) {
                drain();
                if (1 + START.length + 20 + tail.length > buf.length) {
                    writeAlone(lineNo, tail);
                    return;
                }
            }
            if (!first) {
                buf[n++] = ' ';
            }
            first = false;
            System.arraycopy(START, 0, buf, n, START.length);
            n += START.length;
            n = digits(lineNo, buf, n);
            System.arraycopy(tail, 0, buf, n, tail.length);
            n += tail.length;
        }

        private void writeAlone(long lineNo, byte[] tail) throws IOException {
            out.write(((first ? "" : " ") + "{\"line\":" + lineNo).getBytes(StandardCharsets.US_ASCII));
            out.write(tail);
            first = false;
        }

        private static int digits(long v, byte[] b, int n) {
            if (v < 0) {
                b[n++] = '-';
                v = -v;
            }
            int len = 1;
            for (long x = v; x >= 10; x /= 10) {
                len++;
            }
            for (int i = n + len - 1; i >= n; i--) {
                b[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            return n + len;
        }

        private void drain() throws IOException {
            out.write(buf, 0, n);
            n = 0;
        }

        void flush() throws IOException {
            drain();
            out.flush();
        }
    }
}
