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
    private static final Object NO_MISS = new Object();

    private final Verdict verdict;
    private final Signal signal;
    private final ObjectRef policy;
    private final RuleRef rule;
    private final Upstream upstream;
    /** Null until asked for when the reason is one {@link #lazyReason} builds from the rule. */
    private volatile Message reason;
    /** How to build the reason from the rule: one of the {@code LAZY_*} codes, or 0 when it was given. */
    private final byte lazyReason;
    /** What an allowing chain admits (its protocol, or the server name for {@link #LAZY_CHAIN_NAME}). */
    private final Object lazyWhat;
    /** What gives the nearest miss (a {@code Supplier<Message>}) until asked for; then the Message or {@link #NO_MISS}. */
    private volatile Object miss;

    private final java.util.List<Upstream> roundRobin;
    private volatile String reasonText;

    Decision(
            Verdict verdict,
            Signal signal,
            ObjectRef policy,
            RuleRef rule,
            Upstream upstream,
            Message reason,
            Supplier<Message> nearestMiss) {
        this(verdict, signal, policy, rule, upstream, reason, nearestMiss, java.util.List.of());
    }

    /** A decision with a reason shown as it is in every language (reference decisions in tests). */
    Decision(
            Verdict verdict,
            Signal signal,
            ObjectRef policy,
            RuleRef rule,
            Upstream upstream,
            String reason,
            Supplier<Message> nearestMiss) {
        this(verdict, signal, policy, rule, upstream, Message.of("verbatim", reason), nearestMiss);
    }

    private Decision(
            Verdict verdict,
            Signal signal,
            ObjectRef policy,
            RuleRef rule,
            Upstream upstream,
            Message reason,
            Supplier<Message> nearestMiss,
            java.util.List<Upstream> roundRobin) {
        this(verdict, signal, policy, rule, upstream, reason, nearestMiss, roundRobin, (byte) 0, null);
    }

    private Decision(
            Verdict verdict,
            Signal signal,
            ObjectRef policy,
            RuleRef rule,
            Upstream upstream,
            Message reason,
            Supplier<Message> nearestMiss,
            java.util.List<Upstream> roundRobin,
            byte lazyReason,
            Object lazyWhat) {
        this.lazyReason = lazyReason;
        this.lazyWhat = lazyWhat;
        this.roundRobin = roundRobin;
        this.verdict = verdict;
        this.signal = signal;
        this.policy = policy;
        this.rule = rule;
        this.upstream = upstream;
        this.reason = reason;
        this.miss = nearestMiss;
    }

    static Decision allow(RuleRef rule, Upstream upstream, Signal signal, Message reason) {
        return new Decision(Verdict.ALLOW, signal, rule == null ? null : rule.policy(), rule, upstream, reason, null);
    }

    private static final byte LAZY_HTTP_HOST = 1;
    private static final byte LAZY_HTTP_ROUTE = 2;
    private static final byte LAZY_CHAIN = 3;
    private static final byte LAZY_CHAIN_NAME = 4;
    private static final byte LAZY_CHAIN_ANY_NAME = 5;

    /*
     * The allows below are built once per rule when a set is compiled, tens of thousands of them for a large set;
     * each keeps its rule and builds its reason only when someone reads it, so that the compiled set holds no
     * Message (and its argument list) per rule.
     */

    /** An http host admits every request: {@code reason.allow-http-host}. */
    static Decision allowHttpHost(RuleRef rule, Upstream upstream) {
        return lazyAllow(rule, upstream, LAZY_HTTP_HOST, null);
    }

    /** An HTTPRouteGroup match admits the request: {@code reason.allow-http-route}. */
    static Decision allowHttpRoute(RuleRef rule, Upstream upstream) {
        return lazyAllow(rule, upstream, LAZY_HTTP_ROUTE, null);
    }

    /** A TCP-level chain (tcp, tcp-server-first, or https) admits the connection: {@code reason.allow-chain}. */
    static Decision allowChain(RuleRef rule, String protocol) {
        return lazyAllow(rule, Upstream.ORIGINAL_DESTINATION, LAZY_CHAIN, protocol);
    }

    /** An https chain admits the server name {@code host}, or any name when it is null. */
    static Decision allowChainName(RuleRef rule, String host) {
        return lazyAllow(
                rule, Upstream.ORIGINAL_DESTINATION, host == null ? LAZY_CHAIN_ANY_NAME : LAZY_CHAIN_NAME, host);
    }

    private static Decision lazyAllow(RuleRef rule, Upstream upstream, byte lazy, Object what) {
        return new Decision(
                Verdict.ALLOW,
                Signal.FORWARDED,
                rule.policy(),
                rule,
                upstream,
                null,
                null,
                java.util.List.of(),
                lazy,
                what);
    }

    private Message buildReason() {
        return switch (lazyReason) {
            case LAZY_HTTP_HOST -> Message.of("reason.allow-http-host", rule.policy(), rule.host(), rule.port());
            case LAZY_HTTP_ROUTE ->
                Message.of(
                        "reason.allow-http-route",
                        rule.policy(),
                        rule.host(),
                        rule.port(),
                        rule.routeGroup(),
                        rule.routeMatch());
            case LAZY_CHAIN -> Message.of("reason.allow-chain", rule.policy(), lazyWhat, rule.port());
            case LAZY_CHAIN_NAME ->
                Message.of("reason.allow-chain", rule.policy(), Message.of("what.https-name", lazyWhat), rule.port());
            case LAZY_CHAIN_ANY_NAME ->
                Message.of("reason.allow-chain", rule.policy(), Message.of("what.https-any-name"), rule.port());
            default -> throw new IllegalStateException("no reason");
        };
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
            t = reasonMessage().english();
            reasonText = t;
        }
        return t;
    }

    /** Why, as a code and its arguments. */
    public Message reasonMessage() {
        Message m = reason;
        if (m == null) {
            m = buildReason();
            reason = m;
        }
        return m;
    }

    /** Why, in a language. */
    public String reason(Locale locale) {
        return reasonMessage().render(locale);
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
    @SuppressWarnings("unchecked")
    public Message nearestMissMessage() {
        Object m = miss;
        if (m instanceof Supplier<?> supplier) {
            Message found = ((Supplier<Message>) supplier).get();
            miss = found == null ? NO_MISS : found;
            return found;
        }
        return m == NO_MISS ? null : (Message) m;
    }

    /** Same verdict, signal, policy and upstream: what a user can observe. */
    public boolean sameOutcome(Decision o) {
        return verdict == o.verdict
                && signal == o.signal
                && Objects.equals(policy, o.policy)
                && Objects.equals(upstream, o.upstream);
    }

    @Override
    public String toString() {
        return verdict.id() + " " + (signal == null ? "?" : signal.id()) + (policy == null ? "" : " by " + policy)
                + (upstream == null ? "" : " to " + upstream) + ": " + reason();
    }
}
