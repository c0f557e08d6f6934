package egress.enforcer.observe;

import egress.policy.match.Decision;
import egress.policy.match.Signal;
import egress.policy.match.Verdict;
import egress.policy.model.ObjectRef;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The counters of {@code --report-only} and {@code --staged}, rendered with the enforcer's other metrics. Their
 * labels are bounded as the live ones are: a policy name (one of the loaded sets, or "" for none), a signal and
 * a verdict; never a host.
 * <ul>
 * <li>{@code egress_report_only_would_refuse_total{signal,policy}}: refusals of the policies (or of the
 *     enforcer's destination checks that report-only may skip) that were forwarded instead;</li>
 * <li>{@code egress_staged_disagreements_total{staged_policy,live_verdict,staged_verdict}}: requests the staged set
 *     decides otherwise than the live one (another verdict, or another deciding policy);</li>
 * <li>{@code egress_staged_snapshot_version}: the staged set in use (0: none loaded, nothing is compared).</li>
 * </ul>
 */
public final class TrialMetrics {
    private final Map<RefusalKey, LongAdder> wouldRefuse = new ConcurrentHashMap<>();
    private final Map<DisagreementKey, LongAdder> disagreements = new ConcurrentHashMap<>();
    private final boolean reportOnly;
    private final LongSupplier stagedVersion;

    /** Keys hold the decision's own values (no string built per request); the label text is made when rendering. */
    private record RefusalKey(Signal signal, ObjectRef policy) {
        String labels() {
            return "signal=\"" + (signal == null ? "" : signal.id()) + "\",policy=\"" + name(policy) + "\"";
        }
    }

    private record DisagreementKey(ObjectRef stagedPolicy, Verdict liveVerdict, Verdict stagedVerdict) {
        String labels() {
            return "staged_policy=\"" + name(stagedPolicy) + "\",live_verdict=\"" + liveVerdict.id()
                    + "\",staged_verdict=\"" + stagedVerdict.id() + "\"";
        }
    }

    private static String name(ObjectRef policy) {
        return policy == null ? "" : Metrics.escape(policy.toString());
    }

    /**
     * Registers the counters with {@code metrics}.
     *
     * @param stagedVersion the version of the staged set in use, or null when there is no staged set
     */
    public TrialMetrics(Metrics metrics, boolean reportOnly, LongSupplier stagedVersion) {
        this.reportOnly = reportOnly;
        this.stagedVersion = stagedVersion;
        if (reportOnly || stagedVersion != null) {
            metrics.section(this::render);
        }
    }

    /** A refusal that report-only forwarded. */
    public void wouldRefuse(Decision d) {
        RefusalKey key = new RefusalKey(d.signal(), d.policy());
        wouldRefuse.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** A request the staged set decides otherwise than the live one. */
    public void disagreement(Decision live, Decision staged) {
        DisagreementKey key = new DisagreementKey(staged.policy(), live.verdict(), staged.verdict());
        disagreements.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private String render() {
        StringBuilder s = new StringBuilder();
        if (reportOnly) {
            family(
                    s,
                    "egress_report_only_would_refuse_total",
                    "Refusals --report-only forwarded instead of carrying out, by signal and policy.",
                    labelled(wouldRefuse, RefusalKey::labels));
        }
        if (stagedVersion != null) {
            family(
                    s,
                    "egress_staged_disagreements_total",
                    "Requests the --staged set decides otherwise than the "
                            + "live one (verdict or deciding policy), by staged policy and both verdicts.",
                    labelled(disagreements, DisagreementKey::labels));
            s.append("# HELP egress_staged_snapshot_version Version of the --staged set in use (0: none loaded).\n")
                    .append("# TYPE egress_staged_snapshot_version gauge\negress_staged_snapshot_version ")
                    .append(stagedVersion.getAsLong())
                    .append('\n');
        }
        return s.toString();
    }

    private static <K> Map<String, LongAdder> labelled(
            Map<K, LongAdder> series, java.util.function.Function<K, String> labels) {
        Map<String, LongAdder> out = new TreeMap<>();
        series.forEach((k, v) -> out.put(labels.apply(k), v));
        return out;
    }

    private static void family(StringBuilder s, String name, String help, Map<String, LongAdder> series) {
        s.append("# HELP ")
                .append(name)
                .append(' ')
                .append(help)
                .append("\n# TYPE ")
                .append(name)
                .append(" counter\n");
        new TreeMap<>(series)
                .forEach((labels, v) -> s.append(name)
                        .append('{')
                        .append(labels)
                        .append("} ")
                        .append(v.sum())
                        .append('\n'));
    }
}
