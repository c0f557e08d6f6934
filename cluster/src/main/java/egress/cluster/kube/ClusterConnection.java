package egress.cluster.kube;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;

/**
 * The cluster the server talks to, and what may be shown about it: context name, server URL and default
 * namespace. Credentials stay inside the client and are never part of this record's accessors or its
 * {@code toString()}.
 *
 * @param embedded true for the embedded cluster (whose client is owned by it)
 */
public record ClusterConnection(
        KubernetesClient client, String context, String server, String namespace, boolean embedded)
        implements AutoCloseable {

    public static ClusterConnection embedded(EmbeddedCluster cluster) {
        return new ClusterConnection(cluster.client(), Kubeconfigs.CONTEXT, cluster.url(), "default", true);
    }

    /**
     * Connects through a kubeconfig, as kubectl would.
     *
     * @param kubeconfig the file (null: {@code $KUBECONFIG} or {@code ~/.kube/config})
     * @param context    the context (null: the file's current context)
     */
    public static ClusterConnection open(Path kubeconfig, String context) {
        Config config = kubeconfig == null
                ? Config.autoConfigure(context)
                : Config.fromKubeconfig(context, kubeconfig.toFile());
        NamedContext current = config.getCurrentContext();
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build();
        return new ClusterConnection(
                client,
                current == null ? context : current.getName(),
                config.getMasterUrl(),
                config.getNamespace(),
                false);
    }

    @Override
    public void close() {
        if (!embedded) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "ClusterConnection[context=" + context + ", server=" + server + ", embedded=" + embedded + "]";
    }
}
