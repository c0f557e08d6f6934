package egress.policy.match;

import egress.policy.i18n.Message;
import egress.policy.model.ObjectRef;
import java.util.Locale;
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
    private final Message reason;
    private final Supplier<Message> nearestMissSupplier;
    private final java.util.List<Upstream> roundRobin;
    private volatile String reasonText;
    private volatile Message nearestMiss;
    private volatile boolean nearestMissDone;

    Decision(Verdict verdict, Signal signal, ObjectRef policy, RuleRef rule, Upstream upstream, Message reason,
             Supplier<Message> nearestMiss) {
        this(verdict, signal, policy, rule, upstream, reason, nearestMiss, java.util.List.of());
    }

    /** A decision with a reason shown as it is in every language (reference decisions in tests). */
    Decision(Verdict verdict, Signal signal, ObjectRef policy, RuleRef rule, Upstream upstream, String reason,
             Supplier<Message> nearestMiss) {
        this(verdict, signal, policy, rule, upstream, Message.of("verbatim", reason), nearestMiss);
    }

    private Decision(Verdict verdict, Signal signal, ObjectRef policy, RuleRef rule, Upstream upstream, Message reason,
                     Supplier<Message> nearestMiss, java.util.List<Upstream> roundRobin) {
        this.roundRobin = roundRobin;
        this.verdict = verdict;
        this.signal = signal;
        this.policy = policy;
        this.rule = rule;
        this.upstream = upstream;
        this.reason = reason;
        this.nearestMissSupplier = nearestMiss;
    }

    static Decision allow(RuleRef rule, Upstream upstream, Signal signal, Message reason) {
        return new Decision(Verdict.ALLOW, signal, rule == null ? null : rule.policy(), rule, upstream, reason, null);
    }

    static Decision deny(Signal signal, RuleRef rule, Message reason, Supplier<Message> nearestMiss) {
        return new Decision(Verdict.DENY, signal, rule == null ? null : rule.policy(), rule, null, reason, nearestMiss);
    }

    /**
     * A refusal made outside the policies, by the enforcer's own checks on where a connection would go (its own
     * ports, special addresses, a server name that is not the destination): no policy, the given signal.
     */
    public static Decision refused(Signal signal, Message reason) {
        return new Decision(Verdict.DENY, signal, null, null, null, reason, null);
    }

    /** {@link #refused(Signal, Message)} with a text that is shown as it is, in every language. */
    public static Decision refused(Signal signal, String reason) {
        return refused(signal, Message.of("verbatim", reason));
    }

    /**
     * An allow that goes to one of several policy hosts, which the data plane picks in turn (pipy's https
     * round-robin): no single upstream, but never anywhere else.
     */
    static Decision roundRobin(Signal signal, Message reason, java.util.List<Upstream> hosts) {
        return new Decision(Verdict.ALLOW, signal, null, null, null, reason, null, java.util.List.copyOf(hosts));
    }

    /** A decision whose deciding rule depends on an order the data plane picks at random. */
    static Decision undetermined(Verdict verdict, Signal signal, Message reason) {
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

    /**
     * When the data plane sends an allowed connection to one of several policy hosts in turn, those hosts (and
     * {@link #upstream()} is null); empty otherwise.
     */
    public java.util.List<Upstream> roundRobin() {
        return roundRobin;
    }

    /** One line saying why, in English. */
    public String reason() {
        String t = reasonText;
        if (t == null) {
            t = reason.english();
            reasonText = t;
        }
        return t;
    }

    /** Why, as a code and its arguments. */
    public Message reasonMessage() {
        return reason;
    }

    /** Why, in a language. */
    public String reason(Locale locale) {
        return reason.render(locale);
    }

    /** For a refusal, the closest rule that did not match and what differs, in English; null when there is none. */
    public String nearestMiss() {
        Message m = nearestMissMessage();
        return m == null ? null : m.english();
    }

    /** The nearest miss in a language; null when there is none. */
    public String nearestMiss(Locale locale) {
        Message m = nearestMissMessage();
        return m == null ? null : m.render(locale);
    }

    /** The nearest miss as a code and its arguments; null when there is none. */
    public Message nearestMissMessage() {
        if (!nearestMissDone && nearestMissSupplier != null) {
            nearestMiss = nearestMissSupplier.get();
            nearestMissDone = true;
        }
        return nearestMiss;
    }

    /** Same verdict, signal, policy and upstream: what a user can observe. */
    public boolean sameOutcome(Decision o) {
        return verdict == o.verdict && signal == o.signal && Objects.equals(policy, o.policy)
                && Objects.equals(upstream, o.upstream);
    }

    @Override
    public String toString() {
        return verdict.id() + " " + (signal == null ? "?" : signal.id())
                + (policy == null ? "" : " by " + policy) + (upstream == null ? "" : " to " + upstream) + ": " + reason();
    }
}
