package egress.simulator.replay;

import egress.simulator.Simulation;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Counters of a replay: by verdict, by deciding policy, by host, and the most refused destinations. */
public final class ReplaySummary {
    private static final String NO_POLICY = "(none)";
    private long allowed;
    private long denied;
    private long undetermined;
    private long unreadable;
    /** Keyed by the deciding policy's ObjectRef (its name is only built when printing), or {@link #NO_POLICY}. */
    private final Map<Object, long[]> byPolicy = new HashMap<>();

    private final Map<String, long[]> byHost = new HashMap<>();
    private final Map<String, long[]> refused = new HashMap<>();

    void count(Simulation s) {
        count(tally(s));
    }

    /**
     * Where a simulation is counted: its verdict's slot and the counters of its policy, host and (when refused)
     * destination, looked up once. A replay keeps it with a request it has seen, and counts the request again
     * with {@link #count(Tally)} alone.
     */
    Tally tally(Simulation s) {
        Object policy = s.decision() == null || s.decision().policy() == null
                ? NO_POLICY
                : s.decision().policy();
        String host = s.request() == null
                ? "(unresolved)"
                : s.request().host() == null ? "(no name)" : s.request().host();
        int slot;
        long[] refusedCount = null;
        switch (s.verdict()) {
            case ALLOW -> slot = 0;
            case DENY -> {
                slot = 1;
                String dest = s.request() == null ? host : s.request().destination();
                refusedCount = refused.computeIfAbsent(dest, k -> new long[1]);
            }
            default -> slot = 2;
        }
        return new Tally(
                slot,
                byPolicy.computeIfAbsent(policy, k -> new long[3]),
                byHost.computeIfAbsent(host, k -> new long[3]),
                refusedCount);
    }

    void count(Tally t) {
        switch (t.slot) {
            case 0 -> allowed++;
            case 1 -> denied++;
            default -> undetermined++;
        }
        t.policy[t.slot]++;
        t.host[t.slot]++;
        if (t.refused != null) {
            t.refused[0]++;
        }
    }

    /** The counters one simulation adds to: slot 0 allowed, 1 denied, 2 undetermined; refused only when denied. */
    record Tally(int slot, long[] policy, long[] host, long[] refused) {}

    void unreadable(long lines) {
        unreadable += lines;
    }

    public long allowed() {
        return allowed;
    }

    public long denied() {
        return denied;
    }

    public long unreadableLines() {
        return unreadable;
    }

    public long total() {
        return allowed + denied + undetermined;
    }

    public void print(PrintStream out, int top) {
        out.println("replayed " + total() + " requests: " + allowed + " allowed, " + denied + " denied"
                + (undetermined > 0 ? ", " + undetermined + " undetermined" : "")
                + (unreadable > 0 ? ", " + unreadable + " unreadable lines" : ""));
        Map<String, long[]> policies = new HashMap<>();
        byPolicy.forEach((k, v) -> policies.put(k.toString(), v));
        table(out, "by policy", policies, top);
        table(out, "by host", byHost, top);
        out.println("most refused destinations:");
        refused.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0])
                        .thenComparing(Map.Entry::getKey))
                .limit(top)
                .forEach(e -> out.printf("  %8d  %s%n", e.getValue()[0], e.getKey()));
    }

    private static void table(PrintStream out, String title, Map<String, long[]> m, int top) {
        out.println(title + " (allowed / denied):");
        List<Map.Entry<String, long[]>> rows = m.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -(e.getValue()[0] + e.getValue()[1]))
                        .thenComparing(Map.Entry::getKey))
                .limit(top)
                .toList();
        for (Map.Entry<String, long[]> e : rows) {
            out.printf("  %8d / %-8d  %s%n", e.getValue()[0], e.getValue()[1], e.getKey());
        }
    }
}
