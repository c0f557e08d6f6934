package egress.enforcer.observe;

import egress.policy.match.Decision;
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
    private final Map<String, LongAdder> wouldRefuse = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> disagreements = new ConcurrentHashMap<>();
    private final boolean reportOnly;
    private final LongSupplier stagedVersion;

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
        String key = "signal=\"" + (d.signal() == null ? "" : d.signal().id()) + "\",policy=\""
                + Metrics.escape(d.policy() == null ? "" : d.policy().toString()) + "\"";
        wouldRefuse.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** A request the staged set decides otherwise than the live one. */
    public void disagreement(Decision live, Decision staged) {
        String key = "staged_policy=\"" + Metrics.escape(staged.policy() == null ? "" : staged.policy().toString())
                + "\",live_verdict=\"" + live.verdict().id() + "\",staged_verdict=\"" + staged.verdict().id() + "\"";
        disagreements.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private String render() {
        StringBuilder s = new StringBuilder();
        if (reportOnly) {
            family(s, "egress_report_only_would_refuse_total",
                    "Refusals --report-only forwarded instead of carrying out, by signal and policy.", wouldRefuse);
        }
        if (stagedVersion != null) {
            family(s, "egress_staged_disagreements_total", "Requests the --staged set decides otherwise than the "
                    + "live one (verdict or deciding policy), by staged policy and both verdicts.", disagreements);
            s.append("# HELP egress_staged_snapshot_version Version of the --staged set in use (0: none loaded).\n")
                    .append("# TYPE egress_staged_snapshot_version gauge\negress_staged_snapshot_version ")
                    .append(stagedVersion.getAsLong()).append('\n');
        }
        return s.toString();
    }

    private static void family(StringBuilder s, String name, String help, Map<String, LongAdder> series) {
        s.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n");
        new TreeMap<>(series).forEach((labels, v) -> s.append(name).append('{').append(labels).append("} ")
                .append(v.sum()).append('\n'));
    }
}
