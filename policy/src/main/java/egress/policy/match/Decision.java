package egress.policy.match;

import egress.policy.model.ObjectRef;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The outcome of one request, and why. The simulator, the enforcer and the designers all print this.
 * For a refusal, {@link #nearestMiss()} names the closest rule that did not match; it is worked out
 * only when asked for, so refusals cost no more than allows on the hot path.
 */
public final class Decision {
    private final Verdict verdict;
    private final Signal signal;
    private final ObjectRef policy;
    private final RuleRef rule;
    private final Upstream upstream;
    private final String reason;
    private final Supplier<String> nearestMissSupplier;
    private volatile String nearestMiss;

    Decision(Verdict verdict, Signal signal, ObjectRef policy, RuleRef rule, Upstream upstream, String reason,
             Supplier<String> nearestMiss) {
        this.verdict = verdict;
        this.signal = signal;
        this.policy = policy;
        this.rule = rule;
        this.upstream = upstream;
        this.reason = reason;
        this.nearestMissSupplier = nearestMiss;
    }

    static Decision allow(RuleRef rule, Upstream upstream, Signal signal, String reason) {
        return new Decision(Verdict.ALLOW, signal, rule == null ? null : rule.policy(), rule, upstream, reason, null);
    }

    static Decision deny(Signal signal, RuleRef rule, String reason, Supplier<String> nearestMiss) {
        return new Decision(Verdict.DENY, signal, rule == null ? null : rule.policy(), rule, null, reason, nearestMiss);
    }

    /**
     * A refusal decided before any policy is read, such as a client the enforcer cannot identify: no policy,
     * no rule, no nearest miss, only the signal and why.
     */
    public static Decision refusedBeforePolicies(Signal signal, String reason) {
        return new Decision(Verdict.DENY, signal, null, null, null, reason, null);
    }

    /** A decision whose deciding rule depends on an order the data plane picks at random. */
    static Decision undetermined(Verdict verdict, Signal signal, String reason) {
        return new Decision(verdict, signal, null, null, null, reason, null);
    }

    public Verdict verdict() {
        return verdict;
    }

    public boolean allowed() {
        return verdict == Verdict.ALLOW;
    }

    /** What the client sees; null only when the data plane's random order decides that too. */
    public Signal signal() {
        return signal;
    }

    /** The Egress that allowed (or, for an HTTP route refusal, guarded) the request; null for none. */
    public ObjectRef policy() {
        return policy;
    }

    public RuleRef rule() {
        return rule;
    }

    /** Where an allowed connection goes; null when refused or undetermined. */
    public Upstream upstream() {
        return upstream;
    }

    /** One line saying why. */
    public String reason() {
        return reason;
    }

    /** For a refusal, the closest rule that did not match and what differs; null when there is none. */
    public String nearestMiss() {
        String n = nearestMiss;
        if (n == null && nearestMissSupplier != null) {
            n = nearestMissSupplier.get();
            nearestMiss = n;
        }
        return n;
    }

    /** Same verdict, signal, policy and upstream: what a user can observe. */
    public boolean sameOutcome(Decision o) {
        return verdict == o.verdict && signal == o.signal && Objects.equals(policy, o.policy)
                && Objects.equals(upstream, o.upstream);
    }

    @Override
    public String toString() {
        return verdict.id() + " " + (signal == null ? "?" : signal.id())
                + (policy == null ? "" : " by " + policy) + (upstream == null ? "" : " to " + upstream) + ": " + reason;
    }
}
