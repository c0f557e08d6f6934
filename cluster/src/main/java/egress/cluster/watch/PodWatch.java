package egress.cluster.watch;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pods of a cluster, followed live: one fabric8 informer over all namespaces, each pod as a {@link ClusterPod}. */
public final class PodWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodWatch.class);
    private final KubernetesClient client;
    private final boolean ownsClient;
    private SharedIndexInformer<Pod> informer;

    /** What a watch tells, on the informer's threads. */
    public interface Listener {
        /** A pod was added or changed. */
        void upsert(ClusterPod pod);

        /** The pod with this UID is gone. */
        void delete(String uid);

        /**
         * The first list is in: every pod it listed (the notifications of that list may still be queued, before
         * or after this call).
         */
        void listed(List<ClusterPod> pods);
    }

    /** Follows the pods {@code client} sees; closes the client on {@link #close()} when {@code ownsClient}. */
    public PodWatch(KubernetesClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
    }

    /**
     * Connects as the policy watch does: {@code kubeconfig} and {@code context} (null: its current one), or with
     * no kubeconfig fabric8's discovery (in a pod: its service account, which needs get/list/watch on pods).
     */
    public static PodWatch connect(Path kubeconfig, String context) {
        return new PodWatch(Connect.client(kubeconfig, context), true);
    }

    /** Starts the informer without waiting. */
    public synchronized void start(Listener listener) {
        if (informer != null) {
            return;
        }
        // Jackson builds its Pod deserializer on first use, seconds on a busy machine: here, rather than on the
        // HTTP client's event loop (Vert.x reports a blocked thread with a stack trace when it happens there)
        client.getKubernetesSerialization()
                .unmarshal(
                        "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"items\":[]}",
                        io.fabric8.kubernetes.api.model.PodList.class);
        informer = client.pods().inAnyNamespace().runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                listener.upsert(describe(pod));
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                listener.upsert(describe(after));
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                listener.delete(pod.getMetadata().getUid());
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
            listener.listed(
                    started.getStore().list().stream().map(PodWatch::describe).toList());
        });
    }

    /** What the enforcer needs of a pod; the service account defaults to {@code default}, as the API server's. */
    static ClusterPod describe(Pod pod) {
        PodSpec spec = pod.getSpec();
        PodStatus status = pod.getStatus();
        String sa = spec == null
                        || spec.getServiceAccountName() == null
                        || spec.getServiceAccountName().isEmpty()
                ? "default"
                : spec.getServiceAccountName();
        boolean hostNetwork = spec != null && Boolean.TRUE.equals(spec.getHostNetwork());
        List<String> ips = new ArrayList<>();
        if (status != null) {
            if (status.getPodIPs() != null) {
                status.getPodIPs().stream()
                        .map(PodIP::getIp)
                        .filter(ip -> ip != null && !ip.isEmpty())
                        .forEach(ips::add);
            }
            if (ips.isEmpty() && status.getPodIP() != null && !status.getPodIP().isEmpty()) {
                ips.add(status.getPodIP());
            }
        }
        boolean running = status != null && "Running".equals(status.getPhase());
        return new ClusterPod(
                pod.getMetadata().getUid(),
                pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(),
                sa,
                hostNetwork,
                running,
                ips);
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
