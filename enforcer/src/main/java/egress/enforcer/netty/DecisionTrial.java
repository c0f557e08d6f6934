package egress.enforcer.netty;

import egress.enforcer.config.PolicySnapshot;
import egress.enforcer.observe.TrialMetrics;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.match.Signal;
import egress.policy.model.Identity;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a listener does besides enforcing the live policies: {@code --report-only} (a refusal is logged and counted
 * but the connection is forwarded, see {@link UpstreamRoute#reportOnly}) and {@code --staged} (a second policy set
 * decides the same request beside the live one; a disagreement is logged and counted). The staged set is compared
 * with the live policies' own decision, before the enforcer's destination checks, which apply to both alike.
 * Immutable and shared by every connection of every listener.
 */
public final class DecisionTrial {
    /** Enforce, compare with nothing. */
    public static final DecisionTrial OFF = new DecisionTrial(false, null, null);

    private final boolean reportOnly;
    private final Supplier<PolicySnapshot> staged;
    private final TrialMetrics metrics;

    /**
     * @param staged  the staged set (its current snapshot; version 0 while none has loaded: nothing is compared then),
     *                or null for none
     * @param metrics where would-be refusals and disagreements are counted (null only with neither)
     */
    public DecisionTrial(boolean reportOnly, Supplier<PolicySnapshot> staged, TrialMetrics metrics) {
        if ((reportOnly || staged != null) && metrics == null) {
            throw new IllegalArgumentException("report-only or a staged set needs its metrics");
        }
        this.reportOnly = reportOnly;
        this.staged = staged;
        this.metrics = metrics;
    }

    public boolean reportOnly() {
        return reportOnly;
    }

    /** Whether the staged set's decision on this port depends on the destination IP (so it is resolved first). */
    boolean stagedNeedsIp(Identity identity, int port) {
        return staged != null && staged.get().policies().needsIp(identity, port);
    }

    /**
     * The staged set's decision on {@code r} when it differs from {@code live} in verdict or deciding policy
     * (counted), else null; null as well without a loaded staged set.
     */
    Decision disagreement(
            ProxyContext context, Destination dest, EgressRequest r, Decision live, Signal refusalSignal) {
        if (staged == null) {
            return null;
        }
        PolicySnapshot s = staged.get();
        if (!s.loaded()) {
            return null;
        }
        Decision d = UpstreamRoute.decide(context, s.policies(), dest, r, refusalSignal);
        if (d.verdict() == live.verdict() && Objects.equals(d.policy(), live.policy())) {
            return null;
        }
        metrics.disagreement(live, d);
        return d;
    }

    /**
     * The request headers a decision may read: {@code live}'s names, with the staged set's when it tests others
     * (both sets decide the same request).
     */
    Set<String> headerNames(Set<String> live) {
        if (staged == null) {
            return live;
        }
        PolicySnapshot s = staged.get();
        Set<String> names = s.loaded() ? s.policies().routeHeaderNames() : Set.of();
        if (live.containsAll(names)) {
            return live;
        }
        Set<String> both = new HashSet<>(live);
        both.addAll(names);
        return both;
    }

    /** Counts a refusal report-only forwarded. */
    void wouldRefuse(Decision d) {
        metrics.wouldRefuse(d);
    }
}
