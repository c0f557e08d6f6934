package egress.server.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small Kubernetes API server in this process, for trying policies without a cluster: the fabric8 mock
 * server's CRUD dispatcher over plain http (served by {@link ClusterHttpServer}, which adds watches over HTTP
 * streaming for kubectl), with the osm-edge kinds registered and the discovery documents served
 * so that kubectl works against it. It keeps objects in memory only.
 *
 * <p>It starts with the namespace {@value #OSM_NAMESPACE} and the MeshConfig {@value #MESH_CONFIG_NAME},
 * whose {@code spec.featureFlags.enableEgressPolicy} is false by default, as after a fresh osm-edge install
 * without the flag, so that the guide's first step (the {@code kubectl patch meshconfig}) is meaningful.
 */
public final class EmbeddedCluster implements AutoCloseable {
    public static final String OSM_NAMESPACE = "osm-system";
    public static final String MESH_CONFIG_NAME = "osm-mesh-config";
    public static final int DEFAULT_PORT = 18080;
    private static final Logger logger = LoggerFactory.getLogger(EmbeddedCluster.class);

    private final ClusterHttpServer server;
    private final String host;
    private final KubernetesClient client;

    private EmbeddedCluster(ClusterHttpServer server, String host) {
        this.server = server;
        this.host = host;
        this.client = new KubernetesClientBuilder().withConfig(config()).build();
    }

    /**
     * Starts a cluster on {@code host:port} (port 0: any free port) and seeds it.
     *
     * @param egressPolicyEnabled the initial value of the MeshConfig's enableEgressPolicy flag
     */
    public static EmbeddedCluster start(String host, int port, boolean egressPolicyEnabled) {
        List<CustomResourceDefinitionContext> contexts = ServedResources.custom().stream()
                .map(ServedResource::context).toList();
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher(contexts);
        ForwardingDispatcher forwarding = new ForwardingDispatcher();
        ClusterHttpServer server = ClusterHttpServer.start(host, port, forwarding);
        forwarding.delegate(new ClusterDispatcher(crud, host + ":" + server.port()));
        EmbeddedCluster cluster = new EmbeddedCluster(server, host);
        cluster.seed(egressPolicyEnabled);
        logger.info("embedded cluster listening on {}", cluster.url());
        return cluster;
    }

    /** Starts on 127.0.0.1 with the given port and enableEgressPolicy off. */
    public static EmbeddedCluster start(int port) {
        return start("127.0.0.1", port, false);
    }

    public String url() {
        return "http://" + host + ":" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** A client for this cluster, owned by it (closed by {@link #close()}). */
    public KubernetesClient client() {
        return client;
    }

    /** Writes a kubeconfig whose only context, {@code egress-designer}, points here. */
    public Path writeKubeconfig(Path file) {
        return Kubeconfigs.write(file, url());
    }

    private Config config() {
        return new ConfigBuilder(Config.empty()).withMasterUrl(url()).withNamespace("default")
                .withRequestTimeout(30_000).build();
    }

    private void seed(boolean egressPolicyEnabled) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(OSM_NAMESPACE).endMetadata()
                .build()).create();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata()
                .build()).create();
        GenericKubernetesResource meshConfig = new GenericKubernetesResource();
        meshConfig.setApiVersion(ServedResources.MESH_CONFIG.apiVersion());
        meshConfig.setKind(ServedResources.MESH_CONFIG.kind());
        meshConfig.setMetadata(new ObjectMetaBuilder().withName(MESH_CONFIG_NAME)
                .withNamespace(OSM_NAMESPACE).build());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("featureFlags", new LinkedHashMap<>(Map.of("enableEgressPolicy", egressPolicyEnabled)));
        spec.put("traffic", new LinkedHashMap<>(Map.of("enableEgress", false,
                "enablePermissiveTrafficPolicyMode", false)));
        meshConfig.setAdditionalProperty("spec", spec);
        client.genericKubernetesResources(ServedResources.MESH_CONFIG.context()).inNamespace(OSM_NAMESPACE)
                .resource(meshConfig).create();
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
