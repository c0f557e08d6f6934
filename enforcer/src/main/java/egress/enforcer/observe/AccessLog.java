package egress.enforcer.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import egress.policy.match.Decision;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON line per decision to the SLF4J logger {@code egress.access} (at INFO), and to an
 * optional extra sink such as a test's list or a file writer.
 */
public final class AccessLog {
    public static final String LOGGER = "egress.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final JsonFactory JSON = new JsonFactory();
    private final Consumer<String> sink;

    public AccessLog() {
        this(line -> { });
    }

    public AccessLog(Consumer<String> sink) {
        this.sink = sink;
    }

    public void log(AccessRecord r) {
        String line = toJson(r);
        LOG.info(line);
        sink.accept(line);
    }

    static String toJson(AccessRecord r) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            Decision d = r.decision();
            g.writeStartObject();
            g.writeStringField("time", r.time().toString());
            g.writeStringField("source", r.source());
            g.writeStringField("protocol", r.protocol());
            g.writeStringField("host", r.host());
            g.writeStringField("ip", r.ip());
            g.writeNumberField("port", r.port());
            g.writeStringField("sni", r.sni());
            g.writeStringField("method", r.method());
            g.writeStringField("path", r.path());
            g.writeStringField("verdict", d == null ? "invalid" : d.verdict().id());
            g.writeStringField("signal", d == null || d.signal() == null ? null : d.signal().id());
            g.writeStringField("policy", d == null || d.policy() == null ? null : d.policy().toString());
            g.writeStringField("rule", d == null || d.rule() == null ? null : d.rule().toString());
            g.writeStringField("reason", d == null ? null : d.reason());
            g.writeNumberField("snapshot", r.snapshotVersion());
            if (r.status() > 0) {
                g.writeNumberField("status", r.status());
            }
            g.writeNumberField("bytes_up", r.bytesUp());
            g.writeNumberField("bytes_down", r.bytesDown());
            g.writeNumberField("duration_ms", r.durationMillis());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
