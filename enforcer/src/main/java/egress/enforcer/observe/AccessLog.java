package egress.enforcer.observe;

import egress.policy.match.Decision;
import java.io.OutputStream;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per decision. Where the lines go: {@link #async(OutputStream)} (what the enforcer uses:
 * formatted and written in batches on a background thread, so the event loops only enqueue), the SLF4J
 * logger {@code egress.access} at INFO ({@link #AccessLog()}), or a caller's sink such as a test's list.
 */
public final class AccessLog implements AutoCloseable {
    public static final String LOGGER = "egress.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private final Consumer<String> sink;
    private final AsyncLineWriter<AccessRecord> writer;
    private volatile RecentDecisions recent;

    /** Lines to the SLF4J logger {@code egress.access}, on the caller's thread. */
    public AccessLog() {
        this(LOG::info);
    }

    /** Lines to {@code sink}, on the caller's thread. */
    public AccessLog(Consumer<String> sink) {
        this.sink = sink;
        this.writer = null;
    }

    private AccessLog(OutputStream out) {
        this.sink = null;
        this.writer = new AsyncLineWriter<>(out, 1 << 16, this::line); // formats on the writer's thread
    }

    /** Lines to {@code out}, formatted and written on a background thread; at most 65,536 wait, more are dropped. */
    public static AccessLog async(OutputStream out) {
        return new AccessLog(out);
    }

    /**
     * Also keeps every line in {@code recent} (the admin port's {@code /decisions}) as it is formatted: on the
     * writer's thread for an asynchronous log, so the event loops do no more than before.
     */
    public void keepRecent(RecentDecisions recent) {
        this.recent = recent;
    }

    public void log(AccessRecord r) {
        if (writer != null) {
            writer.add(r);
        } else {
            sink.accept(line(r));
        }
    }

    private String line(AccessRecord r) {
        String line = toJson(r);
        RecentDecisions keep = recent;
        if (keep != null) {
            keep.add(line);
        }
        return line;
    }

    /** Formats {@code r}'s line into the writer's batch, and keeps a copy only when /decisions is served. */
    private void line(AccessRecord r, LineBuffer out) {
        int start = out.length();
        toJson(r, out, lastDecision);
        RecentDecisions keep = recent;
        if (keep != null) {
            keep.add(out, start);
        }
    }

    /** Lines an asynchronous log had to drop because its output fell behind (0 for the others). */
    public long dropped() {
        return writer == null ? 0 : writer.dropped();
    }

    /** Writes out what an asynchronous log still holds. */
    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
    }

    static String toJson(AccessRecord r) {
        LineBuffer out = new LineBuffer(512);
        toJson(r, out, null);
        return out.toString();
    }

    /**
     * The decision's fields of the last line the writer formatted, as bytes: a decision is immutable, and most lines
     * of a busy proxy come from the few decisions its compiled set holds (an exact host's allow is one object), so
     * the verdict, signal, policy, rule and reason are formatted twice per run of lines with the same decision
     * instead of once per line. The writer's thread only.
     */
    private static final class LastDecision {
        /** The decision of the line before, whose fields are copied when the next line has it again. */
        private Decision previous;

        private Decision decision;
        private byte[] fields;
    }

    private final LastDecision lastDecision = new LastDecision();

    /**
     * Appends {@code r}'s line (without the newline) to {@code out}, as UTF-8; with {@code last}, the decision's
     * fields come from it when the decision is the one it holds (and it then holds this one).
     */
    static void toJson(AccessRecord r, LineBuffer out, LastDecision last) {
        Decision d = r.decision();
        JsonLine j = new JsonLine(out)
                .field("time", r.time())
                .field("source", r.source())
                .field("protocol", r.protocol())
                .field("host", r.host())
                .field("ip", r.ip())
                .field("port", r.port())
                .field("sni", r.sni())
                .field("method", r.method())
                .field("path", r.path());
        if (last != null && d != null && last.decision == d) {
            out.raw(last.fields); // after "path": the line's comma state is the same either way
        } else {
            int start = out.length();
            j.field("verdict", d == null ? "invalid" : d.verdict().id())
                    .field(
                            "signal",
                            d == null || d.signal() == null ? null : d.signal().id())
                    .field(
                            "policy",
                            d == null || d.policy() == null ? null : d.policy().toString())
                    .field(
                            "rule",
                            d == null || d.rule() == null ? null : d.rule().toString())
                    .field("reason", d == null ? null : d.reason());
            if (last != null && d != null && last.previous == d) {
                // the second line in a row with this decision: a run, worth the copy (a refusal is often a new
                // decision per request, and copying each of those would cost more than it saves)
                last.decision = d;
                last.fields = out.copyFrom(start);
            }
        }
        if (last != null) {
            last.previous = d;
        }
        j.field("snapshot", r.snapshotVersion());
        if (!r.trial().enforced()) {
            j.field("enforced", false);
        }
        Decision staged = r.trial().staged();
        if (staged != null) {
            j.object("staged")
                    .field("verdict", staged.verdict().id())
                    .field(
                            "signal",
                            staged.signal() == null ? null : staged.signal().id())
                    .field(
                            "policy",
                            staged.policy() == null ? null : staged.policy().toString())
                    .field("rule", staged.rule() == null ? null : staged.rule().toString())
                    .field("reason", staged.reason())
                    .end();
        }
        if (!r.headers().isEmpty()) {
            JsonLine h = j.object("headers");
            r.headers().forEach(h::field);
            h.end();
        }
        if (r.status() > 0) {
            j.field("status", r.status());
        }
        j.field("bytes_up", r.bytesUp())
                .field("bytes_down", r.bytesDown())
                .field("duration_ms", r.durationMillis())
                .end();
    }
}
