package egress.enforcer.config;

import egress.enforcer.observe.Metrics;
import egress.policy.match.CompiledPolicySet;
import egress.policy.match.PolicyCompiler;
import egress.policy.model.Engine;
import egress.policy.model.PolicySet;
import egress.policy.validate.Admission;
import egress.policy.validate.Diagnostic;
import egress.policy.yaml.Manifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a list of manifests into the next {@link PolicySnapshot} and swaps it in atomically. Until the
 * first success the snapshot is the empty one (fail closed); a failure logs one line and keeps the last
 * good snapshot, which is then stale (reported by {@link #readiness()} and the metrics) until a load
 * succeeds again. Shared by every {@link PolicySource}.
 */
final class SnapshotPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPublisher.class);
    private final Engine engine;
    private final Metrics metrics;
    private final AtomicReference<PolicySnapshot> current;
    private long version;
    private volatile String failure;
    private volatile List<String> rejected = List.of();

    SnapshotPublisher(Engine engine, Metrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
        this.current = new AtomicReference<>(PolicySnapshot.empty(engine));
    }

    PolicySnapshot current() {
        return current.get();
    }

    /** Compiles {@code manifests}; on success swaps the new snapshot in and returns true. */
    synchronized boolean publish(List<Manifest> manifests, String from) {
        try {
            PolicySet set = PolicySet.of(manifests);
            CompiledPolicySet compiled = PolicyCompiler.compile(set, set.meshConfigOrDefault(), engine);
            PolicySnapshot next = new PolicySnapshot(++version, compiled, Instant.now());
            current.set(next);
            failure = null;
            metrics.snapshotLoaded(next.version());
            LOG.info("policy snapshot {} loaded: {} Egress from {}", next.version(), compiled.policyCount(), from);
            return true;
        } catch (RuntimeException e) {
            return failed(e.toString());
        }
    }

    /**
     * Leaves out every object the API server's schema or osm's webhook would refuse (logged once each, counted in
     * {@code egress_policy_rejected_objects}, listed by {@code /ready}), then publishes the rest: one bad object
     * no longer holds back every later change, revocations included. Leaving an object out never allows more.
     */
    synchronized boolean publishAdmitted(List<Manifest> manifests, String from, Function<Manifest, String> describe) {
        List<Manifest> admitted = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Manifest m : manifests) {
            List<Diagnostic> errors = Admission.check(m);
            if (errors.isEmpty()) {
                admitted.add(m);
            } else {
                skipped.add(describe.apply(m) + " would not be admitted: "
                        + errors.get(0).text());
            }
        }
        for (String s : skipped) {
            if (!rejected.contains(s)) {
                LOG.warn("policy object skipped: {}", s);
            }
        }
        rejected = List.copyOf(skipped);
        metrics.rejectedObjects(skipped.size());
        return publish(admitted, from);
    }

    /** Counts and logs a load that did not get as far as compiling; the last good snapshot stays, stale. */
    boolean failed(String why) {
        failure = why;
        metrics.reloadFailed();
        LOG.warn("policy reload failed, keeping snapshot {}: {}", current.get().version(), why);
        return false;
    }

    /**
     * Not ready before a first snapshot, or while the last load failed (the snapshot in use is stale); ready
     * otherwise, with the objects the last load skipped as detail.
     */
    Readiness readiness() {
        PolicySnapshot s = current.get();
        String why = failure;
        if (!s.loaded()) {
            return Readiness.notReady("no policy snapshot loaded yet" + (why == null ? "" : ": " + why));
        }
        if (why != null) {
            return Readiness.notReady("policy snapshot " + s.version() + " is stale: the last load failed: " + why);
        }
        StringBuilder detail = new StringBuilder();
        rejected.forEach(r -> detail.append("skipped: ").append(r).append('\n'));
        return Readiness.ok(detail.toString());
    }
}
