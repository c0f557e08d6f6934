package egress.enforcer.identity;

import egress.policy.model.Identity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link PodAddressIndex} in step with the cluster's pods: one fabric8 informer over all namespaces,
 * beside the policy informers. The index answers only once the informer has listed every pod ({@code /ready}
 * stays 503 until then).
 */
public final class PodInformer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodInformer.class);
    private final KubernetesClient client;
    private final boolean ownsClient;
    private final PodAddressIndex index = new PodAddressIndex();
    /** UIDs deleted before the first list was applied, so that applying it does not bring them back. */
    private final java.util.Set<String> deletedBeforeSync = new java.util.HashSet<>();
    private SharedIndexInformer<Pod> informer;

    /** Follows the pods {@code client} sees; closes the client on {@link #close()} when {@code ownsClient}. */
    public PodInformer(KubernetesClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
    }

    /**
     * Connects as the policy source does: {@code kubeconfig} and {@code context} (null: its current one), or with
     * no kubeconfig fabric8's discovery (in a pod: its service account, which needs get/list/watch on pods).
     */
    public static PodInformer connect(Path kubeconfig, String context) {
        Config config = kubeconfig == null ? Config.autoConfigure(context) : Config.fromKubeconfig(context, kubeconfig.toFile());
        return new PodInformer(new KubernetesClientBuilder().withConfig(config).build(), true);
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
        if (informer != null) {
            return;
        }
        // Jackson builds its Pod deserializer on first use, seconds on a busy machine: here, rather than on the
        // HTTP client's event loop (Vert.x reports a blocked thread with a stack trace when it happens there)
        client.getKubernetesSerialization().unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"items\":[]}",
                io.fabric8.kubernetes.api.model.PodList.class);
        informer = client.pods().inAnyNamespace().runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                apply(pod);
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                apply(after);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                synchronized (deletedBeforeSync) {
                    if (!index.synced()) {
                        deletedBeforeSync.add(pod.getMetadata().getUid());
                    }
                    index.delete(pod.getMetadata().getUid());
                }
            }
        });
        informer.exceptionHandler((started, e) -> {
            LOG.warn("watching pods failed (retrying): {}", e.toString());
            return true;
        });
        SharedIndexInformer<Pod> started = informer;
        started.start().whenComplete((ok, e) -> {
            if (e != null) {
                LOG.warn("cannot list pods: {}", e.toString());
                return;
            }
            List<Pod> listed = started.getStore().list();
            synchronized (deletedBeforeSync) {
                for (Pod pod : listed) {
                    if (!deletedBeforeSync.contains(pod.getMetadata().getUid())) {
                        index.upsert(describe(pod));
                    }
                }
                index.markSynced();
                deletedBeforeSync.clear();
            }
            LOG.info("pod index synced: {} pods", listed.size());
        });
    }

    private void apply(Pod pod) {
        synchronized (deletedBeforeSync) {
            index.upsert(describe(pod));
        }
    }

    /** What the index needs of a pod; the service account defaults to {@code default}, as the API server's. */
    static PodAddressIndex.Pod describe(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        PodSpec spec = pod.getSpec();
        PodStatus status = pod.getStatus();
        String sa = spec == null || spec.getServiceAccountName() == null || spec.getServiceAccountName().isEmpty()
                ? "default" : spec.getServiceAccountName();
        boolean hostNetwork = spec != null && Boolean.TRUE.equals(spec.getHostNetwork());
        List<String> ips = new ArrayList<>();
        if (status != null) {
            if (status.getPodIPs() != null) {
                status.getPodIPs().stream().map(PodIP::getIp).filter(ip -> ip != null && !ip.isEmpty()).forEach(ips::add);
            }
            if (ips.isEmpty() && status.getPodIP() != null && !status.getPodIP().isEmpty()) {
                ips.add(status.getPodIP());
            }
        }
        boolean running = status != null && "Running".equals(status.getPhase());
        return new PodAddressIndex.Pod(pod.getMetadata().getUid(), ns + "/" + pod.getMetadata().getName(),
                new Identity(ns, sa), hostNetwork, running, ips);
    }

    /** Whether the watch is open, so that no change can be missed from here on. */
    public synchronized boolean watching() {
        return informer != null && informer.isWatching();
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
            informer = null;
        }
        if (ownsClient) {
            client.close();
        }
    }
}
