package egress.cluster.watch;

import java.util.List;

/**
 * What the enforcer needs of a pod.
 *
 * @param serviceAccount the pod's service account ({@code default} when the spec names none, as the API server's)
 * @param running        whether its phase is {@code Running}
 * @param ips            its addresses ({@code status.podIPs}, else {@code status.podIP}); none before it has one
 */
public record ClusterPod(
        String uid,
        String namespace,
        String name,
        String serviceAccount,
        boolean hostNetwork,
        boolean running,
        List<String> ips) {
    public ClusterPod {
        ips = List.copyOf(ips);
    }
}
