package egress.cluster.watch;

import egress.policy.yaml.Manifest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy objects of a cluster, followed live: one informer per kind in {@link ClusterManifests#KINDS}, over
 * all namespaces, each object read as {@link ClusterManifests#toManifest} reads it. What the enforcer's policy
 * source builds its snapshots from; it names no fabric8 type.
 */
public final class PolicyWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyWatch.class);
    private final KubernetesClient client;
    private final boolean ownsClient;
    private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new CopyOnWriteArrayList<>();

    /** Follows the cluster {@code client} talks to; closes the client on {@link #close()} when {@code ownsClient}. */
    public PolicyWatch(KubernetesClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
    }

    /**
     * Connects with {@code kubeconfig} and {@code context} (null: its current context); with no kubeconfig,
     * fabric8's own discovery applies ({@code KUBECONFIG}, {@code ~/.kube/config}, else a pod's service account).
     */
    public static PolicyWatch connect(Path kubeconfig, String context) {
        KubernetesClient client = Connect.client(kubeconfig, context);
        LOG.info(
                "following policies in cluster {} (context {})",
                client.getConfiguration().getMasterUrl(),
                client.getConfiguration().getCurrentContext() == null
                        ? "-"
                        : client.getConfiguration().getCurrentContext().getName());
        return new PolicyWatch(client, true);
    }

    /**
     * Starts the informers without waiting for them; {@code onChange} runs on the informers' threads after every
     * change, list and relist, and once each informer's first list is in (or failed).
     */
    public synchronized void start(Runnable onChange) {
        if (!informers.isEmpty()) {
            return;
        }
        ResourceEventHandler<GenericKubernetesResource> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource r) {
                onChange.run();
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                onChange.run();
            }

            @Override
            public void onDelete(GenericKubernetesResource r, boolean finalStateUnknown) {
                onChange.run();
            }

            @Override
            public void onList(String resourceVersion, boolean initial) {
                onChange.run();
            }
        };
        for (ResourceDefinitionContext kind : ClusterManifests.KINDS) {
            SharedIndexInformer<GenericKubernetesResource> informer =
                    client.genericKubernetesResources(kind).inAnyNamespace().runnableInformer(0);
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
                onChange.run();
            });
        }
    }

    /**
     * The objects in the informers' caches, kind by kind in {@link ClusterManifests#KINDS} order, each kind by
     * namespace and name (so the result does not depend on cache order); empty until every informer has synced.
     */
    public Optional<List<Manifest>> manifests() {
        List<SharedIndexInformer<GenericKubernetesResource>> now = List.copyOf(informers);
        if (now.size() < ClusterManifests.KINDS.size() || !now.stream().allMatch(SharedIndexInformer::hasSynced)) {
            return Optional.empty();
        }
        List<Manifest> manifests = new ArrayList<>();
        for (SharedIndexInformer<GenericKubernetesResource> informer : now) {
            informer.getStore().list().stream()
                    .sorted(ClusterManifests.BY_NAME)
                    .map(r -> ClusterManifests.toManifest(r, client.getKubernetesSerialization(), manifests.size()))
                    .forEach(manifests::add);
        }
        return Optional.of(manifests);
    }

    /** Whether each kind's watch is open now, by plural name (no lock: the admin port must not wait). */
    public Map<String, Boolean> watches() {
        Map<String, Boolean> out = new TreeMap<>();
        List<SharedIndexInformer<GenericKubernetesResource>> now = List.copyOf(informers);
        for (int i = 0; i < now.size(); i++) {
            out.put(ClusterManifests.KINDS.get(i).getPlural(), now.get(i).isWatching());
        }
        return out;
    }

    /** Whether every informer has its watch open, so that no change can be missed from here on. */
    public synchronized boolean watching() {
        return informers.size() == ClusterManifests.KINDS.size()
                && informers.stream().allMatch(SharedIndexInformer::isWatching);
    }

    /** The API server's URL. */
    public String server() {
        return String.valueOf(client.getMasterUrl());
    }

    /** Stops the informers, and closes the client when this watch owns it. */
    @Override
    public synchronized void close() {
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
        if (ownsClient) {
            client.close();
        }
    }
}
