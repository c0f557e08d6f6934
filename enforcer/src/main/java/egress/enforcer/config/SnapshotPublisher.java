package egress.enforcer.config;

import egress.enforcer.observe.Metrics;
import egress.policy.match.CompiledPolicySet;
import egress.policy.match.PolicyCompiler;
import egress.policy.model.Engine;
import egress.policy.model.PolicySet;
import egress.policy.yaml.Manifest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a list of manifests into the next {@link PolicySnapshot} and swaps it in atomically. Until the
 * first success the snapshot is the empty one (fail closed); a failure logs one line and keeps the last
 * good snapshot. Shared by every {@link PolicySource}.
 */
final class SnapshotPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPublisher.class);
    private final Engine engine;
    private final Metrics metrics;
    private final AtomicReference<PolicySnapshot> current;
    private long version;

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
            metrics.snapshotLoaded(next.version());
            LOG.info("policy snapshot {} loaded: {} Egress from {}", next.version(), compiled.policyCount(), from);
            return true;
        } catch (RuntimeException e) {
            return failed(e.toString());
        }
    }

    /** Counts and logs a load that did not get as far as compiling; the last good snapshot stays. */
    boolean failed(String why) {
        metrics.reloadFailed();
        LOG.warn("policy reload failed, keeping snapshot {}: {}", current.get().version(), why);
        return false;
    }
}
