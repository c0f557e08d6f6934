package egress.enforcer;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.watch.ClusterManifests;
import egress.enforcer.config.EnforcerConfig;
import egress.enforcer.config.KubernetesPolicySource;
import egress.enforcer.observe.AccessLog;
import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.Curl;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code egress enforce --kubeconfig F --identity-from pod-ip}: one listener; curl connects from loopback
 * aliases (127.0.0.2, 127.0.0.3, ...) that Pod objects in the mock API server (the engine of the embedded
 * cluster) carry in {@code status.podIPs}, so each connection is judged as the pod whose address it comes from.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class PodIdentityEnforcerTest {
    private static final String POD_A = "127.0.0.2";
    private static final String POD_B = "127.0.0.3";
    private static final String HOST_NET = "127.0.0.4";
    private static final String NOBODY = "127.0.0.5";
    KubernetesClient client;
    KubernetesMockServer server;

    @TempDir
    Path dir;

    private Upstreams upstreams;
    private Enforcer enforcer;
    private String proxy;
    private String admin;
    private final List<String> accessLog = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void objects() throws Exception {
        upstreams = Upstreams.start("127.0.0.1", 0, -1, -1);
        egress("curl", "curl", "httpbin.org");
        egress("b", "b", "example.org");
        pod("curl", "a", "curl", POD_A, false);
        pod("b", "b", "b", POD_B, false);
        pod("kube-system", "node-agent", "agent", HOST_NET, true);
    }

    private void start() throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: test, user: {token: any}}]
                contexts: [{name: mock, context: {cluster: mock, user: test}}]
                current-context: mock
                """.formatted(client.getMasterUrl()));
        int http = upstreams.httpPort();
        enforcer = Enforcer.start(
                EnforcerConfig.parse(List.of(
                        "--kubeconfig",
                        kubeconfig.toString(),
                        "--identity-from",
                        "pod-ip",
                        "--listen",
                        "127.0.0.1:0",
                        "--admin",
                        "127.0.0.1:0",
                        "--connect-to",
                        "httpbin.org:80:127.0.0.1:" + http,
                        "--connect-to",
                        "example.org:80:127.0.0.1:" + http)),
                new AccessLog(accessLog::add));
        proxy = "http://127.0.0.1:" + enforcer.proxyPorts().get(0);
        admin = "http://127.0.0.1:" + enforcer.adminPort();
    }

    private void startReadyAndWatching() throws Exception {
        start();
        Waits.until(15, "ready", () -> status(admin + "/ready").equals("200"));
        Waits.until(
                15,
                "every watch open",
                () -> ((KubernetesPolicySource) enforcer.policies()).watching()
                        && enforcer.pods().watching());
    }

    @AfterEach
    void stop() {
        if (enforcer != null) {
            enforcer.close();
        }
        upstreams.close();
    }

    @Test
    @DisplayName(
            "until the pods are listed (here never: the API server forbids it) the gateway is not ready and refuses")
    void notReadyUntilThePodIndexIsLoaded() throws Exception {
        // as with a ClusterRole that lacks pods
        server.expect()
                .get()
                .withPath("/api/v1/pods?resourceVersion=0")
                .andReturn(403, """
                {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,
                 "message":"pods is forbidden: User cannot list resource pods at the cluster scope"}""")
                .always();
        start();
        Waits.until(15, "policies loaded", () -> enforcer.policies().get().loaded());
        assertThat(status(admin + "/ready")).isEqualTo("503");
        assertThat(from(POD_A, "http://httpbin.org/get")).isEqualTo("000");
        assertThat(accessLog)
                .anySatisfy(l -> assertThat(l).contains("\"source\":\"" + POD_A + "\"", "pod-index-not-synced"));
        assertThat(status(admin + "/ready")).as("still").isEqualTo("503");
    }

    @Test
    @DisplayName("each pod's address gets its own pod's policies; unknown and host-network addresses are refused")
    void theSourceAddressSaysWhichPodIsAsking() throws Exception {
        startReadyAndWatching();
        assertThat(from(POD_A, "http://httpbin.org/get")).isEqualTo("200");
        // refused as osm refuses a host no Egress of the pod names on a port it has a listener for
        assertThat(from(POD_A, "http://example.org/get"))
                .as("only pod B's policy allows it")
                .isEqualTo("404");
        assertThat(from(POD_B, "http://example.org/get")).isEqualTo("200");
        assertThat(from(POD_B, "http://httpbin.org/get"))
                .as("only pod A's policy allows it")
                .isEqualTo("404");
        assertThat(from(NOBODY, "http://httpbin.org/get")).isEqualTo("000");
        assertThat(from(HOST_NET, "http://httpbin.org/get")).isEqualTo("000");

        assertThat(accessLog)
                .anySatisfy(l -> assertThat(l)
                        .contains("\"source\":\"curl/curl\"", "\"verdict\":\"allow\"", "\"host\":\"httpbin.org\""));
        assertThat(accessLog)
                .anySatisfy(l -> assertThat(l)
                        .contains("\"source\":\"b/b\"", "\"host\":\"httpbin.org\"", "\"verdict\":\"deny\""));
        assertThat(accessLog)
                .anySatisfy(l -> assertThat(l)
                        .contains(
                                "\"source\":\"" + NOBODY + "\"",
                                "\"signal\":\"connection-refused\"",
                                "unknown-address: no Running pod has the address " + NOBODY));
        assertThat(accessLog)
                .anySatisfy(l -> assertThat(l)
                        .contains(
                                "\"source\":\"" + HOST_NET + "\"",
                                "host-network: pod kube-system/node-agent uses the node's network"));
        String metrics = Curl.run("-s", admin + "/metrics").out();
        assertThat(metrics)
                .contains(
                        "egress_identity_refusals_total{reason=\"unknown-address\"} 1\n",
                        "egress_identity_refusals_total{reason=\"host-network\"} 1\n");
    }

    @Test
    @DisplayName(
            "deleting a pod closes its open connections and refuses its address; a new pod there is judged as itself")
    void aDeletedPodsAddressIsRefusedAndItsConnectionsClosed() throws Exception {
        startReadyAndWatching();
        try (Socket open = new Socket()) {
            open.bind(new InetSocketAddress(InetAddress.getByName(POD_A), 0));
            open.connect(
                    new InetSocketAddress("127.0.0.1", enforcer.proxyPorts().get(0)));
            open.setSoTimeout(15_000);
            OutputStream out = open.getOutputStream();
            InputStream in = open.getInputStream();
            out.write("GET http://httpbin.org/get HTTP/1.1\r\nHost: httpbin.org\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(Waits.readHead(in)).startsWith("HTTP/1.1 200");

            client.pods().inNamespace("curl").withName("a").delete();
            // the keep-alive connection is closed by the enforcer: the body may still be buffered, then EOF
            assertThat(drainToEof(in))
                    .as("connection closed after the pod was deleted")
                    .isTrue();
        }
        Waits.until(
                15,
                "the deleted pod's address refused",
                () -> from(POD_A, "http://httpbin.org/get").equals("000"));
        assertThat(accessLog)
                .anySatisfy(l -> assertThat(l).contains("\"source\":\"" + POD_A + "\"", "unknown-address"));

        // another pod (another service account) gets the address: it is judged by its own policies
        pod("b", "b-2", "b", POD_A, false);
        Waits.until(
                15,
                "the new pod judged as itself",
                () -> from(POD_A, "http://example.org/get").equals("200"));
        assertThat(from(POD_A, "http://httpbin.org/get")).isEqualTo("404");
    }

    private String from(String source, String url) throws Exception {
        return Curl.run("-s", "-o", "/dev/null", "-w", "%{http_code}", "--interface", source, "-x", proxy, url)
                .out();
    }

    private static boolean drainToEof(InputStream in) throws Exception {
        byte[] buf = new byte[4096];
        while (true) {
            int n = in.read(buf); // SO_TIMEOUT 15 s: a connection left open fails the test
            if (n < 0) {
                return true;
            }
        }
    }

    private void egress(String ns, String sa, String host) {
        ResourceDefinitionContext kind = ClusterManifests.KINDS.stream()
                .filter(k -> k.getKind().equals("Egress"))
                .findFirst()
                .orElseThrow();
        client.genericKubernetesResources(kind)
                .inNamespace(ns)
                .resource(client.getKubernetesSerialization()
                        .unmarshal("""
                kind: Egress
                apiVersion: policy.openservicemesh.io/v1alpha1
                metadata: {name: %3$s, namespace: %1$s}
                spec:
                  sources: [{kind: ServiceAccount, name: %2$s, namespace: %1$s}]
                  hosts: [%3$s]
                  ports: [{number: 80, protocol: http}]
                """.formatted(ns, sa, host), GenericKubernetesResource.class))
                .create();
    }

    private void pod(String ns, String name, String sa, String ip, boolean hostNetwork) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withServiceAccountName(sa)
                .withHostNetwork(hostNetwork)
                .addNewContainer()
                .withName("c")
                .withImage("curl")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withPodIP(ip)
                .addNewPodIP(ip)
                .endStatus()
                .build();
        Pod created = client.pods().inNamespace(ns).resource(pod).create();
        if (created.getStatus() == null || created.getStatus().getPodIP() == null) {
            client.pods()
                    .inNamespace(ns)
                    .resource(pod)
                    .updateStatus(); // a status subresource: set it as a kubelet would
        }
    }

    private static String status(String url) throws Exception {
        return Curl.status(url);
    }
}
