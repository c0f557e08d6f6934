package egress.cluster.watch;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;

/** How the watches connect: as kubectl would, or in a pod with its service account. */
final class Connect {
    private Connect() {}

    /**
     * A client for {@code kubeconfig} and {@code context} (null: its current context); with no kubeconfig,
     * fabric8's own discovery ({@code KUBECONFIG}, {@code ~/.kube/config}, else a pod's service account).
     */
    static KubernetesClient client(Path kubeconfig, String context) {
        Config config = kubeconfig == null
                ? Config.autoConfigure(context)
                : Config.fromKubeconfig(context, kubeconfig.toFile());
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
