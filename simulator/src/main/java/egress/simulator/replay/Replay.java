package egress.simulator.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import egress.policy.match.AppProtocol;
import egress.policy.match.Decision;
import egress.policy.model.Identity;
import egress.simulator.SimulatedRequest;
import egress.simulator.Simulation;
import egress.simulator.Simulator;
import egress.simulator.curl.CurlCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replays a stream of requests, one JSON object a line, and writes one JSON decision a line. Memory
 * stays flat: lines are read, decided and written one at a time, and only counters are kept. A line
 * that cannot be read is reported with its number, counted, and the replay goes on.
 *
 * <p>A line is either {@code {"from":"ns/sa","curl":"curl -sI http://..."}} or the explicit form of the
 * test format: {@code {"from":..,"protocol":"http|tls|tcp","host":..,"ip":..,"port":..,"method":..,
 * "path":..,"headers":{..},"sni":..,"serverFirst":..}}.
 */
public final class Replay {
    private static final JsonFactory JSON = new JsonFactory();
    private final Simulator simulator;
    private final ReplaySummary summary = new ReplaySummary();
    private final Map<String, Identity> identities = new LinkedHashMap<>();
    /** Request logs repeat the same curl lines: the last few thousand parsed ones are kept (commands are immutable). */
    private final Map<String, CurlCommand> parsedCurl = new LinkedHashMap<>(1 << 13, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CurlCommand> eldest) {
            return size() > 4096;
        }
    };

    public Replay(Simulator simulator) {
        this.simulator = simulator;
    }

    public ReplaySummary summary() {
        return summary;
    }

    /**
     * Replays every line of {@code in}; decisions go to {@code out} (null: none written), errors to
     * {@code err}, and progress to the given bar (null: none).
     */
    public ReplaySummary run(BufferedReader in, OutputStream out, PrintStream err, Progress progress) throws IOException {
        JsonGenerator g = out == null ? null : JSON.createGenerator(out);
        long lineNo = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            SimulatedRequest req;
            try {
                req = parse(line);
            } catch (RuntimeException | IOException e) {
                summary.unreadable();
                err.println("line " + lineNo + ": " + e.getMessage());
                continue;
            }
            Simulation s = simulator.run(req, false);
            summary.count(s);
            if (g != null) {
                write(g, lineNo, req, s);
            }
            if (progress != null && (lineNo & 0x3ff) == 0) {
                progress.update(lineNo);
            }
        }
        if (progress != null) {
            progress.finish(lineNo);
        }
        if (g != null) {
            g.flush();
        }
        return summary;
    }

    private SimulatedRequest parse(String line) throws IOException {
        String from = null;
        String curl = null;
        String protocol = null;
        String host = null;
        String ip = null;
        Integer port = null;
        String method = null;
        String path = null;
        String sni = null;
        boolean sniGiven = false;
        boolean serverFirst = false;
        Map<String, String> headers = Map.of();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "from" -> from = p.getText();
                    case "curl" -> curl = p.getText();
                    case "protocol" -> protocol = p.getText();
                    case "host" -> host = p.getText();
                    case "ip" -> ip = p.getText();
                    case "port" -> port = p.getIntValue();
                    case "method" -> method = p.getText();
                    case "path" -> path = p.getText();
                    case "sni" -> {
                        sniGiven = true;
                        sni = t == JsonToken.VALUE_NULL ? null : p.getText();
                    }
                    case "serverFirst" -> serverFirst = p.getBooleanValue();
                    case "headers" -> headers = headers(p);
                    default -> p.skipChildren();
                }
            }
        }
        if (from == null) {
            throw new IllegalArgumentException("missing \"from\"");
        }
        Identity id = identities.computeIfAbsent(from, Identity::parse);
        if (curl != null) {
            CurlCommand command = parsedCurl.get(curl);
            if (command == null) {
                command = CurlCommand.parse(curl);
                parsedCurl.put(curl, command);
            }
            return SimulatedRequest.curl(id, command);
        }
        if (protocol == null) {
            throw new IllegalArgumentException("a request needs \"curl\" or \"protocol\"");
        }
        return new SimulatedRequest(id, null, AppProtocol.parse(protocol), host, ip, port, method, path, headers, sni,
                sniGiven, serverFirst);
    }

    private static Map<String, String> headers(JsonParser p) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("\"headers\" must be an object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            h.put(name, p.getText());
        }
        return h;
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
