package egress.enforcer.identity;

import egress.cluster.watch.ClusterPod;
import egress.cluster.watch.PodWatch;
import egress.policy.model.Identity;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link PodAddressIndex} in step with the cluster's pods, read through cluster's {@link PodWatch} (one
 * informer over all namespaces, beside the policy informers). The index answers only once the informer has
 * listed every pod ({@code /ready} stays 503 until then).
 */
public final class PodInformer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodInformer.class);
    private final PodWatch watch;
    private final PodAddressIndex index = new PodAddressIndex();
    /** UIDs deleted before the first list was applied, so that applying it does not bring them back. */
    private final java.util.Set<String> deletedBeforeSync = new java.util.HashSet<>();

    private boolean started;

    /** Follows the pods {@code watch} sees; {@link #close()} closes the watch. */
    public PodInformer(PodWatch watch) {
        this.watch = watch;
    }

    /**
     * Connects as the policy source does: {@code kubeconfig} and {@code context} (null: its current one), or with
     * no kubeconfig fabric8's discovery (in a pod: its service account, which needs get/list/watch on pods).
     */
    public static PodInformer connect(Path kubeconfig, String context) {
        return new PodInformer(PodWatch.connect(kubeconfig, context));
    }

    public PodAddressIndex index() {
        return index;
    }

    /**
     * Starts the informer without waiting. The index answers once the first list is in the informer's store:
     * its pods are applied here (the notifications of that list may still be queued), so readiness does not
     * depend on the order in which fabric8 delivers them.
     */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        watch.start(new PodWatch.Listener() {
            @Override
            public void upsert(ClusterPod pod) {
                apply(pod);
            }

            @Override
            public void delete(String uid) {
                synchronized (deletedBeforeSync) {
                    if (!index.synced()) {
                        deletedBeforeSync.add(uid);
                    }
                    index.delete(uid);
                }
            }

            @Override
            public void listed(List<ClusterPod> listed) {
                synchronized (deletedBeforeSync) {
                    for (ClusterPod pod : listed) {
                        if (!deletedBeforeSync.contains(pod.uid())) {
                            index.upsert(describe(pod));
                        }
                    }
                    index.markSynced();
                    deletedBeforeSync.clear();
                }
                LOG.info("pod index synced: {} pods", listed.size());
            }
        });
    }

    private void apply(ClusterPod pod) {
        synchronized (deletedBeforeSync) {
            index.upsert(describe(pod));
        }
    }

    /** What the index needs of a pod. */
    static PodAddressIndex.Pod describe(ClusterPod pod) {
        return new PodAddressIndex.Pod(
                pod.uid(),
                pod.namespace() + "/" + pod.name(),
                new Identity(pod.namespace(), pod.serviceAccount()),
                pod.hostNetwork(),
                pod.running(),
                pod.ips());
    }

    /** Whether the watch is open, so that no change can be missed from here on. */
    public boolean watching() {
        return watch.watching();
    }

    @Override
    public void close() {
        watch.close();
    }
}
