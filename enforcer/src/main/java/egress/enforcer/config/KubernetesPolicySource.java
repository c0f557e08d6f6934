package egress.enforcer.config;

import egress.cluster.watch.ClusterManifests;
import egress.cluster.watch.PolicyWatch;
import egress.enforcer.observe.Metrics;
import egress.policy.model.Engine;
import egress.policy.yaml.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Policies followed live from a cluster through cluster's {@link PolicyWatch}: one informer per kind in
 * {@link ClusterManifests#KINDS}, over all namespaces. After every change (and once every informer has synced)
 * the objects in the informers' caches are turned back into manifests, compiled, and the new snapshot is swapped in whole. An object the API server
 * and osm's webhook would have refused (a cluster with those checks never stores it; a test server might)
 * is left out and reported (log, {@code egress_policy_rejected_objects}, {@code /ready}); the rest applies.
 * Until the first rebuild succeeds every client is refused (fail closed) and {@code /ready} answers 503, as it
 * does while the snapshot is stale or a watch is down.
 */
public final class KubernetesPolicySource implements PolicySource {
    private final PolicyWatch watch;
    private final SnapshotPublisher publisher;
    private final ExecutorService rebuilds;
    private final AtomicBoolean rebuildPending = new AtomicBoolean();
    private volatile boolean closed;
    private List<Map<String, Object>> lastBuilt;

    /** Follows the cluster {@code watch} reads; {@link #close()} closes the watch. */
    public KubernetesPolicySource(PolicyWatch watch, Engine engine, Metrics metrics) {
        this.watch = watch;
        this.publisher = new SnapshotPublisher(engine, metrics);
        metrics.gauge(
                "egress_policy_watch_up", "1 while the cluster watch of a kind is open, 0 while it is down.", () -> {
                    Map<String, Long> series = new java.util.TreeMap<>();
                    watch.watches().forEach((kind, up) -> series.put("kind=\"" + kind + "\"", up ? 1L : 0L));
                    return series;
                });
        this.rebuilds = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "egress-cluster-policies");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects with {@code kubeconfig} and {@code context} (null: its current context); with no kubeconfig,
     * fabric8's own discovery applies ({@code KUBECONFIG}, {@code ~/.kube/config}, else a pod's service account).
     */
    public static KubernetesPolicySource connect(Path kubeconfig, String context, Engine engine, Metrics metrics) {
        return new KubernetesPolicySource(PolicyWatch.connect(kubeconfig, context), engine, metrics);
    }

    @Override
    public PolicySnapshot get() {
        return publisher.current();
    }

    /** Starts the informers without waiting for them: the first snapshot arrives once all have synced. */
    @Override
    public synchronized void start() {
        watch.start(this::requestRebuild);
    }

    /** Coalesces events: at most one rebuild waits while another runs, off the informers' threads. */
    private void requestRebuild() {
        if (!closed && rebuildPending.compareAndSet(false, true)) {
            rebuilds.execute(() -> {
                rebuildPending.set(false);
                rebuild();
            });
        }
    }

    /**
     * Rebuilds from the informers' caches now (on the calling thread); false when not all informers have synced,
     * when nothing changed since the last rebuild, or when it failed.
     */
    synchronized boolean rebuild() {
        Optional<List<Manifest>> listed = closed ? Optional.empty() : watch.manifests();
        if (listed.isEmpty()) {
            return false;
        }
        List<Manifest> manifests = listed.get();
        List<Map<String, Object>> key =
                manifests.stream().map(ClusterManifests::withoutVersions).toList();
        if (key.equals(lastBuilt)) {
            return false; // a resync, a relist or a status change: nothing a decision depends on
        }
        lastBuilt = key;
        return publisher.publishAdmitted(manifests, describe(), ClusterManifests::describe);
    }

    /**
     * Not ready before the first snapshot, while the snapshot is stale (the last rebuild failed), or while the
     * watch of some kind is down (changes, revocations included, would not arrive): 503 with the reason.
     */
    @Override
    public Readiness readiness() {
        Readiness r = publisher.readiness();
        if (!r.ready()) {
            return r;
        }
        List<String> down = new ArrayList<>();
        watch.watches().forEach((kind, up) -> {
            if (!up) {
                down.add(kind);
            }
        });
        return down.isEmpty()
                ? r
                : Readiness.notReady("policy snapshot " + get().version() + " may be stale: the watch of "
                        + String.join(", ", down) + " is down (reconnecting)");
    }

    /** Whether every informer has its watch open, so that no change can be missed from here on. */
    public boolean watching() {
        return watch.watching();
    }

    @Override
    public String describe() {
        return "cluster " + watch.server();
    }

    @Override
    public void close() {
        closed = true;
        rebuilds.shutdownNow();
        try {
            rebuilds.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            watch.close();
        }
    }
}
