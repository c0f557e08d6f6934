package egress.enforcer.config;

import egress.enforcer.observe.Metrics;
import egress.policy.match.CompiledPolicySet;
import egress.policy.match.PolicyCompiler;
import egress.policy.model.Engine;
import egress.policy.model.PolicySet;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policies read from manifest files and folders, compiled into a {@link PolicySnapshot} that is swapped
 * in whole. Until the first successful load the snapshot is the empty one, which refuses everything
 * (fail closed); a reload that fails logs one line and keeps the last good snapshot.
 */
public final class PolicySource implements Supplier<PolicySnapshot>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolicySource.class);
    private final List<Path> paths;
    private final Engine engine;
    private final Metrics metrics;
    private final AtomicReference<PolicySnapshot> current;
    private long version;
    private PolicyWatcher watcher;

    public PolicySource(List<Path> paths, Engine engine, Metrics metrics) {
        this.paths = List.copyOf(paths);
        this.engine = engine;
        this.metrics = metrics;
        this.current = new AtomicReference<>(PolicySnapshot.empty(engine));
    }

    /** The snapshot new connections should use. */
    @Override
    public PolicySnapshot get() {
        return current.get();
    }

    public List<Path> paths() {
        return paths;
    }

    /** Reads and compiles every path; on success swaps the snapshot in and returns true. */
    public synchronized boolean reload() {
        try {
            List<Manifest> manifests = new ArrayList<>();
            for (Path p : paths) {
                if (!Files.exists(p)) {
                    return failed(p + ": no such file or folder");
                }
                manifests.addAll(ManifestReader.read(p));
            }
            PolicySet set = PolicySet.of(manifests);
            CompiledPolicySet compiled = PolicyCompiler.compile(set, set.meshConfigOrDefault(), engine);
            PolicySnapshot next = new PolicySnapshot(++version, compiled, Instant.now());
            current.set(next);
            metrics.snapshotLoaded(next.version());
            LOG.info("policy snapshot {} loaded: {} Egress from {}", next.version(), compiled.policyCount(), paths);
            return true;
        } catch (ManifestException e) {
            return failed(e.getMessage());
        } catch (RuntimeException e) {
            return failed(e.toString());
        }
    }

    private boolean failed(String why) {
        metrics.reloadFailed();
        LOG.warn("policy reload failed, keeping snapshot {}: {}", current.get().version(), why);
        return false;
    }

    /** Watches the paths and reloads after each change (changes within {@code settleMillis} count as one). */
    public synchronized void watch(long settleMillis) throws IOException {
        if (watcher == null) {
            watcher = PolicyWatcher.start(paths, settleMillis, this::reload);
        }
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }
}
