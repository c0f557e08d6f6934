package egress.simulator.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import egress.policy.match.Decision;
import egress.simulator.SimulatedRequest;
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
    private static final JsonFactory JSON = new JsonFactory();
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
        JsonGenerator g = out == null ? null : JSON.createGenerator(out);
        reader.read("(input)", in, r -> decide(r, g), progress);
        summary.unreadable(reader.unreadable());
        if (g != null) {
            g.flush();
        }
        return summary;
    }

    /** Replays every file through {@code reader}; progress bars go to {@code progressTo} (null: none). */
    public ReplaySummary run(List<String> files, TrafficReader reader, OutputStream out, PrintStream progressTo)
            throws IOException {
        JsonGenerator g = out == null ? null : JSON.createGenerator(out);
        long before = reader.unreadable();
        for (String file : files) {
            reader.read(file, r -> decide(r, g), progressTo);
        }
        summary.unreadable(reader.unreadable() - before);
        if (g != null) {
            g.flush();
        }
        return summary;
    }

    private void decide(RecordedRequest r, JsonGenerator g) {
        Simulation s = simulator.run(r.request(), false);
        summary.count(s);
        if (g != null) {
            try {
                write(g, r.line(), r.request(), s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void write(JsonGenerator g, long lineNo, SimulatedRequest req, Simulation s) throws IOException {
        Decision d = s.decision();
        g.writeStartObject();
        g.writeNumberField("line", lineNo);
        g.writeStringField("from", req.from().toString());
        g.writeStringField("destination", s.request() == null ? null : s.request().destination());
        g.writeStringField("verdict", s.verdict().id());
        g.writeStringField("signal", s.outcome().signal());
        g.writeStringField("policy", d == null || d.policy() == null ? null : d.policy().toString());
        g.writeStringField("rule", d == null || d.rule() == null ? null : d.rule().toString());
        g.writeStringField("upstream", d == null || d.upstream() == null ? null : d.upstream().toString());
        g.writeStringField("reason", d == null ? "the destination name does not resolve" : d.reason());
        g.writeEndObject();
        g.writeRaw('\n');
    }
}
