package egress.simulator.diff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import egress.policy.match.EgressRequest;
import egress.policy.model.ObjectRef;
import egress.simulator.Simulation;
import egress.simulator.Simulator;
import egress.simulator.traffic.ChangeKind;
import egress.simulator.traffic.RecordedRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What changing the policies does to recorded traffic: every request decided under both sets (the same
 * simulator as {@code simulate --requests}), and the ones that change counted by kind (newly refused,
 * newly allowed, allowed by another policy) and grouped by client identity, policy and host, with a few
 * examples each. Only counters and the groups are kept, so memory does not grow with the traffic.
 */
public final class Impact {
    static final int EXAMPLES = 3;
    private final Simulator before;
    private final Simulator after;
    private long requests;
    private long unchanged;
    private final long[] byKind = new long[ChangeKind.values().length];
    private final Map<Key, Group> groups = new HashMap<>();

    private record Key(ChangeKind kind, String from, String policy, String host) {}

    private static final class Group {
        long count;
        final List<String> examples = new ArrayList<>(EXAMPLES);
    }

    public Impact(Simulator before, Simulator after) {
        this.before = before;
        this.after = after;
    }

    public void accept(RecordedRequest r) {
        requests++;
        Simulation b = before.run(r.request(), false);
        Simulation a = after.run(r.request(), false);
        ChangeKind kind = ChangeKind.of(b.verdict(), policyRef(b), a.verdict(), policyRef(a));
        if (kind == null) {
            unchanged++;
            return;
        }
        String policy = kind == ChangeKind.CHANGED_POLICY
                ? policy(b) + " -> " + policy(a)
                : kind == ChangeKind.NEWLY_ALLOWED ? policy(a) : policy(b);
        byKind[kind.ordinal()]++;
        EgressRequest req = b.request() != null ? b.request() : a.request();
        String host =
                req == null ? "(unresolved)" : req.host() != null ? req.host() + ":" + req.port() : req.destination();
        Group g = groups.computeIfAbsent(new Key(kind, r.request().from().toString(), policy, host), k -> new Group());
        g.count++;
        if (g.examples.size() < EXAMPLES) {
            g.examples.add(r.file() + ":" + r.line() + ": " + example(req) + "  ("
                    + b.verdict().id() + " -> " + a.verdict().id() + ")");
        }
    }

    private static ObjectRef policyRef(Simulation s) {
        return s.decision() == null ? null : s.decision().policy();
    }

    private static String policy(Simulation s) {
        ObjectRef p = policyRef(s);
        return p == null ? "(no policy)" : p.toString();
    }

    private static String example(EgressRequest r) {
        if (r == null) {
            return "(destination name does not resolve)";
        }
        return SemanticDiff.witness(r);
    }

    public long requests() {
        return requests;
    }

    /** Requests whose verdict changed (a change of policy alone does not count). */
    public long verdictChanges() {
        return byKind[ChangeKind.NEWLY_REFUSED.ordinal()]
                + byKind[ChangeKind.NEWLY_ALLOWED.ordinal()]
                + byKind[ChangeKind.OTHER_VERDICT.ordinal()];
    }

    public long count(ChangeKind kind) {
        return byKind[kind.ordinal()];
    }

    private List<Map.Entry<Key, Group>> sorted() {
        List<Map.Entry<Key, Group>> rows = new ArrayList<>(groups.entrySet());
        rows.sort(Comparator.comparing((Map.Entry<Key, Group> e) -> e.getKey().kind())
                .thenComparingLong(e -> -e.getValue().count)
                .thenComparing(e -> e.getKey().from())
                .thenComparing(e -> e.getKey().policy())
                .thenComparing(e -> e.getKey().host()));
        return rows;
    }

    public void print(PrintStream out, int top) {
        out.printf(
                "impact over %,d requests: %,d newly refused, %,d newly allowed, %,d allowed by another policy,"
                        + " %,d unchanged%n",
                requests,
                count(ChangeKind.NEWLY_REFUSED),
                count(ChangeKind.NEWLY_ALLOWED),
                count(ChangeKind.CHANGED_POLICY),
                unchanged);
        ChangeKind current = null;
        int shown = 0;
        for (Map.Entry<Key, Group> e : sorted()) {
            Key k = e.getKey();
            if (k.kind() != current) {
                current = k.kind();
                shown = 0;
                out.println(current.label() + " (by client, policy, host):");
            }
            if (++shown > top) {
                continue;
            }
            out.printf("  %,10d  %s  %s  %s%n", e.getValue().count, k.from(), k.policy(), k.host());
            e.getValue().examples.forEach(x -> out.println("              e.g. " + x));
        }
    }

    public void writeJson(OutputStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("requests", requests);
            g.writeNumberField("newlyRefused", count(ChangeKind.NEWLY_REFUSED));
            g.writeNumberField("newlyAllowed", count(ChangeKind.NEWLY_ALLOWED));
            g.writeNumberField("otherVerdictChanges", count(ChangeKind.OTHER_VERDICT));
            g.writeNumberField("changedPolicy", count(ChangeKind.CHANGED_POLICY));
            g.writeNumberField("unchanged", unchanged);
            g.writeArrayFieldStart("groups");
            for (Map.Entry<Key, Group> e : sorted()) {
                g.writeStartObject();
                g.writeStringField("change", e.getKey().kind().id());
                g.writeStringField("from", e.getKey().from());
                g.writeStringField("policy", e.getKey().policy());
                g.writeStringField("host", e.getKey().host());
                g.writeNumberField("count", e.getValue().count);
                g.writeArrayFieldStart("examples");
                for (String x : e.getValue().examples) {
                    g.writeString(x);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }
}
