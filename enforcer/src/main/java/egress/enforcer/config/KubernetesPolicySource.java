package egress.enforcer.config;

import egress.enforcer.observe.Metrics;
import egress.policy.model.Engine;
import egress.policy.yaml.Manifest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policies followed live from a cluster: one informer per kind in {@link ClusterManifests#KINDS}, over all
 * namespaces. After every change (and once every informer has synced) the objects in the informers' caches
 * are turned back into manifests, compiled, and the new snapshot is swapped in whole. An object the API server
 * and osm's webhook would have refused (a cluster with those checks never stores it; a test server might)
 * is left out and reported (log, {@code egress_policy_rejected_objects}, {@code /ready}); the rest applies.
 * Until the first rebuild succeeds every client is refused (fail closed) and {@code /ready} answers 503, as it
 * does while the snapshot is stale or a watch is down.
 */
public final class KubernetesPolicySource implements PolicySource {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesPolicySource.class);
    private final KubernetesClient client;
    private final boolean ownsClient;
    private final SnapshotPublisher publisher;
    private final List<SharedIndexInformer<GenericKubernetesResource>> informers =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ExecutorService rebuilds;
    private final AtomicBoolean rebuildPending = new AtomicBoolean();
    private volatile boolean closed;
    private List<Map<String, Object>> lastBuilt;

    /** Follows the cluster {@code client} talks to; the caller keeps and closes the client. */
    public KubernetesPolicySource(KubernetesClient client, Engine engine, Metrics metrics) {
        this(client, false, engine, metrics);
    }

    private KubernetesPolicySource(KubernetesClient client, boolean ownsClient, Engine engine, Metrics metrics) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.publisher = new SnapshotPublisher(engine, metrics);
        metrics.gauge("egress_policy_watch_up", "1 while the cluster watch of a kind is open, 0 while it is down.",
                () -> {
                    Map<String, Long> series = new java.util.TreeMap<>();
                    watches().forEach((kind, up) -> series.put("kind=\"" + kind + "\"", up ? 1L : 0L));
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
        Config config = kubeconfig == null ? Config.autoConfigure(context) : Config.fromKubeconfig(context, kubeconfig.toFile());
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        LOG.info("following policies in cluster {} (context {})", config.getMasterUrl(),
                config.getCurrentContext() == null ? "-" : config.getCurrentContext().getName());
        return new KubernetesPolicySource(client, true, engine, metrics);
    }

    @Override
    public PolicySnapshot get() {
        return publisher.current();
    }

    /** Starts the informers without waiting for them: the first snapshot arrives once all have synced. */
    @Override
    public synchronized void start() {
        if (!informers.isEmpty()) {
            return;
        }
        ResourceEventHandler<GenericKubernetesResource> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource r) {
                requestRebuild();
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                requestRebuild();
            }

            @Override
            public void onDelete(GenericKubernetesResource r, boolean finalStateUnknown) {
                requestRebuild();
            }

            @Override
            public void onList(String resourceVersion, boolean initial) {
                requestRebuild();
            }
        };
        for (ResourceDefinitionContext kind : ClusterManifests.KINDS) {
            SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(kind)
                    .inAnyNamespace().runnableInformer(0);
            informer.addEventHandler(handler);
            informer.exceptionHandler((started, e) -> {
                LOG.warn("watching {} failed (retrying): {}", kind.getPlural(), e.toString());
                return true;
            });
            informers.add(informer);
            informer.start().whenComplete((ok, e) -> {
                if (e != null) {
                    LOG.warn("cannot list {}: {}", kind.getPlural(), e.toString());
                }
                requestRebuild();
            });
        }
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
        if (closed || informers.size() < ClusterManifests.KINDS.size()
                || !informers.stream().allMatch(SharedIndexInformer::hasSynced)) {
            return false;
        }
        List<Manifest> manifests = new ArrayList<>();
        for (SharedIndexInformer<GenericKubernetesResource> informer : informers) {
            informer.getStore().list().stream().sorted(ClusterManifests.BY_NAME)
                    .map(r -> ClusterManifests.toManifest(r, client.getKubernetesSerialization()))
                    .forEach(manifests::add);
        }
        List<Map<String, Object>> key = manifests.stream().map(ClusterManifests::withoutVersions).toList();
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
        watches().forEach((kind, up) -> {
            if (!up) {
                down.add(kind);
            }
        });
        return down.isEmpty() ? r : Readiness.notReady("policy snapshot " + get().version()
                + " may be stale: the watch of " + String.join(", ", down) + " is down (reconnecting)");
    }

    /** Whether each kind's watch is open now, by plural name (no lock: the admin port must not wait for a rebuild). */
    private Map<String, Boolean> watches() {
        Map<String, Boolean> out = new java.util.TreeMap<>();
        List<SharedIndexInformer<GenericKubernetesResource>> now = List.copyOf(informers);
        for (int i = 0; i < now.size(); i++) {
            out.put(ClusterManifests.KINDS.get(i).getPlural(), now.get(i).isWatching());
        }
        return out;
    }

    /** Whether every informer has its watch open, so that no change can be missed from here on. */
    public synchronized boolean watching() {
        return informers.size() == ClusterManifests.KINDS.size() && informers.stream().allMatch(SharedIndexInformer::isWatching);
    }

    @Override
    public String describe() {
        return "cluster " + client.getMasterUrl();
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
            informers.forEach(SharedIndexInformer::close);
            informers.clear();
        }
        if (ownsClient) {
            client.close();
        }
    }
}
