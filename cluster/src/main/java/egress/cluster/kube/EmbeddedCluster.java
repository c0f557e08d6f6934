package egress.cluster.kube;

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
 * server's CRUD dispatcher over https (served by {@link ClusterHttpServer}, which adds watches over HTTP
 * streaming for kubectl; a certificate made at start: kubectl sends bearer tokens only over TLS), with the
 * osm-edge kinds registered and the discovery documents served so that kubectl works against it. It keeps
 * objects in memory only. Every request needs the cluster's bearer token and none may come from a web page
 * ({@link ClusterGuard}).
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
    private final String token;
    private final String caData;
    private final KubernetesClient client;

    private EmbeddedCluster(ClusterHttpServer server, String host, String token, String caData) {
        this.server = server;
        this.host = host;
        this.token = token;
        this.caData = caData;
        this.client = new KubernetesClientBuilder().withConfig(config()).build();
    }

    /**
     * Starts a cluster on {@code host:port} (port 0: any free port) and seeds it.
     *
     * @param egressPolicyEnabled the initial value of the MeshConfig's enableEgressPolicy flag
     */
    public static EmbeddedCluster start(String host, int port, boolean egressPolicyEnabled) {
        return start(host, port, egressPolicyEnabled, Credentials.create(host));
    }

    /**
     * As {@link #start(String, int, boolean)}, with credentials made beforehand, so that a kubeconfig for the
     * cluster can be written (and handed to a client) before the cluster listens.
     */
    public static EmbeddedCluster start(String host, int port, boolean egressPolicyEnabled, Credentials credentials) {
        List<CustomResourceDefinitionContext> contexts =
                ServedResources.custom().stream().map(ServedResource::context).toList();
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher(contexts);
        ForwardingDispatcher forwarding = new ForwardingDispatcher();
        ClusterGuard guard = new ClusterGuard(credentials.token, forwarding, host, port);
        ClusterHttpServer server = ClusterHttpServer.start(host, port, credentials.certificate, guard);
        guard.listeningOn(server.port());
        forwarding.delegate(new ClusterDispatcher(crud, host + ":" + server.port()));
        EmbeddedCluster cluster =
                new EmbeddedCluster(server, host, credentials.token, credentials.certificate.authorityData());
        cluster.seed(egressPolicyEnabled);
        logger.info("embedded cluster listening on {}", cluster.url());
        return cluster;
    }

    /** A cluster's bearer token and TLS certificate (for localhost, 127.0.0.1 and its host), made at random. */
    public static final class Credentials {
        private final String token;
        private final ClusterCertificate certificate;

        private Credentials(String token, ClusterCertificate certificate) {
            this.token = token;
            this.certificate = certificate;
        }

        public static Credentials create(String host) {
            return new Credentials(ClusterGuard.newToken(), ClusterCertificate.create(host));
        }

        /** Writes a kubeconfig (mode 0600) for the cluster that will listen on {@code host:port} with these. */
        public Path writeKubeconfig(Path file, String host, int port) {
            return Kubeconfigs.write(file, "https://" + host + ":" + port, certificate.authorityData(), token);
        }
    }

    /**
     * Starts on 127.0.0.1:{@code port} (port 0: any free port) and writes {@code kubeconfig} for it (see
     * {@link Kubeconfigs#defaultFile()}), as {@code egress cluster} does; the caller closes it.
     *
     * @param egressPolicyEnabled the MeshConfig's initial enableEgressPolicy (the cli passes false)
     */
    public static EmbeddedCluster start(int port, Path kubeconfig, boolean egressPolicyEnabled) {
        EmbeddedCluster cluster = start("127.0.0.1", port, egressPolicyEnabled);
        cluster.writeKubeconfig(kubeconfig);
        logger.info(
                "kubeconfig written to {}; try: kubectl --kubeconfig {} get meshconfig -n {}",
                kubeconfig,
                kubeconfig,
                OSM_NAMESPACE);
        return cluster;
    }

    /** Starts on 127.0.0.1 with the given port and enableEgressPolicy off. */
    public static EmbeddedCluster start(int port) {
        return start("127.0.0.1", port, false);
    }

    public String url() {
        return "https://" + host + ":" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** A client for this cluster, owned by it (closed by {@link #close()}). */
    public KubernetesClient client() {
        return client;
    }

    /**
     * The bearer token every request must carry (made at start); it is in the kubeconfig this cluster writes
     * and in {@link #client()}'s configuration.
     */
    public String token() {
        return token;
    }

    /** The server's certificate as a kubeconfig's {@code certificate-authority-data} (base64 of its PEM). */
    public String certificateAuthorityData() {
        return caData;
    }

    /**
     * Writes a kubeconfig (mode 0600 where the file system has POSIX permissions) whose only context,
     * {@code egress-designer}, points here with this cluster's token.
     */
    public Path writeKubeconfig(Path file) {
        return Kubeconfigs.write(file, url(), caData, token);
    }

    /**
     * TLS that trusts this cluster's certificate and nothing else, as its kubeconfig does: for plain HTTP clients
     * (the JDK's {@code HttpClient}, a raw socket) that talk to it without fabric8.
     */
    public javax.net.ssl.SSLContext sslContext() {
        try {
            java.security.KeyStore store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry(
                    "cluster",
                    java.security.cert.CertificateFactory.getInstance("X.509")
                            .generateCertificate(new java.io.ByteArrayInputStream(
                                    java.util.Base64.getDecoder().decode(caData))));
            javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
            ssl.init(null, trust.getTrustManagers(), null);
            return ssl;
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot trust the embedded cluster's certificate: " + e, e);
        }
    }

    /** A client configuration for this cluster: its address, its token, namespace {@code default}. */
    public Config config() {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withCaCertData(caData)
                .withOauthToken(token)
                .withNamespace("default")
                .withRequestTimeout(30_000)
                .build();
    }

    private void seed(boolean egressPolicyEnabled) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(OSM_NAMESPACE)
                        .endMetadata()
                        .build())
                .create();
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("default")
                        .endMetadata()
                        .build())
                .create();
        GenericKubernetesResource meshConfig = new GenericKubernetesResource();
        meshConfig.setApiVersion(ServedResources.MESH_CONFIG.apiVersion());
        meshConfig.setKind(ServedResources.MESH_CONFIG.kind());
        meshConfig.setMetadata(new ObjectMetaBuilder()
                .withName(MESH_CONFIG_NAME)
                .withNamespace(OSM_NAMESPACE)
                .build());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("featureFlags", new LinkedHashMap<>(Map.of("enableEgressPolicy", egressPolicyEnabled)));
        spec.put(
                "traffic",
                new LinkedHashMap<>(Map.of("enableEgress", false, "enablePermissiveTrafficPolicyMode", false)));
        meshConfig.setAdditionalProperty("spec", spec);
        client.genericKubernetesResources(ServedResources.MESH_CONFIG.context())
                .inNamespace(OSM_NAMESPACE)
                .resource(meshConfig)
                .create();
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
