package egress.enforcer.config;

import egress.enforcer.observe.Metrics;
import egress.policy.model.Engine;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Policies read from manifest files and folders, compiled into a {@link PolicySnapshot} that is swapped
 * in whole. Until the first successful load the snapshot is the empty one, which refuses everything
 * (fail closed); a reload that fails logs one line and keeps the last good snapshot.
 */
public final class FilePolicySource implements PolicySource {
    private final List<Path> paths;
    private final boolean follow;
    private final SnapshotPublisher publisher;
    private PolicyWatcher watcher;

    /** A source that {@link #start()} loads once and does not watch; call {@link #watch(long)} to follow. */
    public FilePolicySource(List<Path> paths, Engine engine, Metrics metrics) {
        this(paths, engine, metrics, false);
    }

    /** @param follow whether {@link #start()} also watches the paths */
    public FilePolicySource(List<Path> paths, Engine engine, Metrics metrics, boolean follow) {
        this.paths = List.copyOf(paths);
        this.follow = follow;
        this.publisher = new SnapshotPublisher(engine, metrics);
    }

    @Override
    public void start() throws IOException {
        reload();
        if (follow) {
            watch(200);
        }
    }

    @Override
    public String describe() {
        return paths.toString();
    }

    @Override
    public PolicySnapshot get() {
        return publisher.current();
    }

    @Override
    public Readiness readiness() {
        return publisher.readiness();
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
                    return publisher.failed(p + ": no such file or folder");
                }
                manifests.addAll(ManifestReader.read(p));
            }
            return publisher.publish(manifests, describe());
        } catch (ManifestException e) {
            return publisher.failed(e.getMessage());
        } catch (RuntimeException e) {
            return publisher.failed(e.toString());
        }
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
