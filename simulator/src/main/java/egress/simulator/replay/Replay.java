package egress.simulator.replay;

import egress.simulator.Simulation;
import egress.simulator.Simulator;
import egress.simulator.traffic.Progress;
import egress.simulator.traffic.RecordedRequest;
import egress.simulator.traffic.TrafficFormat;
import egress.simulator.traffic.TrafficReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Replays recorded requests and writes one JSON decision a line. Memory stays flat: requests are read,
 * decided and written one at a time, and only counters are kept. Requests are read by
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
    public ReplaySummary run(BufferedReader in, OutputStream out, PrintStream err, Progress progress) throws IOException {
        TrafficReader reader = new TrafficReader(TrafficFormat.AUTO, null, err);
        Output o = out == null ? null : new Output(out);
        reader.read("(input)", in, r -> {
            Simulation s = simulator.run(r.request(), false);
            summary.count(s);
            if (o != null) {
                try {
                    o.write(r.line(), DecisionLine.tail(r.request(), s));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }, progress);
        summary.unreadable(reader.unreadable());
        if (o != null) {
            o.flush();
        }
        return summary;
    }

    /**
     * Replays every file through {@code reader}; progress bars go to {@code progressTo} (null: none). A line whose
     * bytes were seen before (see {@link SeenLines}) is written and counted as it was then, without being read again.
     */
    public ReplaySummary run(List<String> files, TrafficReader reader, OutputStream out, PrintStream progressTo)
            throws IOException {
        Output o = out == null ? null : new Output(out);
        SeenLines seen = new SeenLines();
        long before = reader.unreadable();
        for (String file : files) {
            reader.readLines(file, (name, lineNo, bytes, from, to) -> {
                int hash = SeenLines.hash(bytes, from, to);
                SeenLines.Seen known = seen.find(bytes, from, to, hash);
                if (known != null) {
                    summary.count(known.tally());
                    if (o != null) {
                        o.write(lineNo, known.tail());
                    }
                    return true;
                }
                RecordedRequest r = reader.request(name, lineNo, bytes, from, to);
                if (r == null) {
                    return false; // blank, or unreadable (reported)
                }
                Simulation s = simulator.run(r.request(), false);
                ReplaySummary.Tally tally = summary.tally(s);
                summary.count(tally);
                byte[] tail = o == null ? null : DecisionLine.tail(r.request(), s);
                if (o != null) {
                    o.write(lineNo, tail);
                }
                seen.keep(bytes, from, to, hash, tail, tally);
                return true;
            }, progressTo);
        }
        summary.unreadable(reader.unreadable() - before);
        if (o != null) {
            o.flush();
        }
        return summary;
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
