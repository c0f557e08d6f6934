package egress.designer.app;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.cluster.kube.Kubeconfigs;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's "embedded" target, found or started on first use:
 * <ol>
 * <li>an embedded cluster already running on 127.0.0.1:{@value EmbeddedCluster#DEFAULT_PORT} (started by
 * {@code egress cluster} or another designer), recognised by its {@code osm-system} namespace, is used as it is,
 * with the token of the kubeconfig that was written for it, so that what the designer deploys is what
 * {@code kubectl --kubeconfig ~/.egress-designer/kubeconfig} shows;</li>
 * <li>otherwise one is started in this process on that port (any free port when it is taken by something else),
 * with enableEgressPolicy off, and ~/.egress-designer/kubeconfig is written for it, as {@code egress cluster}
 * does. It stops when the app exits, and its objects are gone then.</li>
 * </ol>
 */
final class DesktopCluster implements Supplier<ClusterConnection>, AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(DesktopCluster.class);
    private final int port;
    private final Path kubeconfig;
    private ClusterConnection connection;
    private EmbeddedCluster started;

    DesktopCluster() {
        this(EmbeddedCluster.DEFAULT_PORT, Kubeconfigs.defaultFile());
    }

    DesktopCluster(int port, Path kubeconfig) {
        this.port = port;
        this.kubeconfig = kubeconfig;
    }

    @Override
    public synchronized ClusterConnection get() {
        if (connection == null) {
            connection = running();
            if (connection == null) {
                connection = start();
            }
        }
        return connection;
    }

    private ClusterConnection running() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (IOException e) {
            return null;
        }
        String url = "https://127.0.0.1:" + port;
        Config written = written(url);
        if (written == null) {
            logger.info("{} answers, but {} is not a kubeconfig for it", url, kubeconfig);
            return null;
        }
        try (KubernetesClient probe = client(written, 3_000, 0)) {
            if (probe.namespaces().withName(EmbeddedCluster.OSM_NAMESPACE).get() == null) {
                logger.info("{} answers, but has no {} namespace", url, EmbeddedCluster.OSM_NAMESPACE);
                return null;
            }
        } catch (RuntimeException e) {
            // a KubernetesClientException, or an answer that is no Kubernetes object at all
            logger.info("{} answers, but not as an embedded cluster: {}", url, e.getMessage());
            return null;
        }
        logger.info("deploying to the embedded cluster already running at {}", url);
        return new ClusterConnection(client(written, 30_000, 2), Kubeconfigs.CONTEXT, url, "default", false);
    }

    /**
     * The configuration of the kubeconfig written for the embedded cluster (its certificate and token), when
     * that file points at {@code url}; null otherwise.
     */
    private Config written(String url) {
        if (!Files.isRegularFile(kubeconfig)) {
            return null;
        }
        try {
            Config config = Config.fromKubeconfig(Kubeconfigs.CONTEXT, kubeconfig.toFile());
            String server =
                    config.getMasterUrl() == null ? "" : config.getMasterUrl().replaceAll("/+$", "");
            return server.equals(url) ? config : null;
        } catch (RuntimeException e) {
            logger.info("cannot read {}: {}", kubeconfig, e.getMessage());
            return null;
        }
    }

    private static KubernetesClient client(Config written, int requestTimeout, int retries) {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(written)
                        .withNamespace("default")
                        .withConnectionTimeout(2_000)
                        .withRequestTimeout(requestTimeout)
                        .withRequestRetryBackoffLimit(retries)
                        .build())
                .build();
    }

    private ClusterConnection start() {
        try {
            started = EmbeddedCluster.start(port, kubeconfig, false);
        } catch (RuntimeException e) {
            logger.info("port {} is taken ({}); starting the embedded cluster on a free port", port, e.getMessage());
            started = EmbeddedCluster.start(0, kubeconfig, false);
        }
        return ClusterConnection.embedded(started);
    }

    @Override
    public synchronized void close() {
        if (started != null) {
            started.close();
            started = null;
        } else if (connection != null) {
            connection.close();
        }
        connection = null;
    }
}
