package egress.cluster.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watches against the embedded cluster over HTTP streaming, as kubectl and client-go make them, while the fabric8
 * client's WebSocket watches keep working.
 */
class EmbeddedClusterWatchTest {
    private static final String EGRESS = EmbeddedClusterKubectlTest.EGRESS_80.replace("httpbin-80", "%s");

    @TempDir
    Path dir;

    private EmbeddedCluster cluster;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void start() {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        cluster.close();
    }

    @Test
    void kubectlGetWatchSeesAnApplyAndADelete() throws Exception {
        Kubectl.require();
        Path cache = dir.resolve("cache");
        cache.toFile().mkdirs();
        Kubectl kubectl = new Kubectl(cluster.writeKubeconfig(dir.resolve("kubeconfig")), cache);
        assertThat(kubectl.run(EGRESS.formatted("before", "before.org"), "apply", "-f", "-")
                        .exitCode())
                .isZero();

        ProcessBuilder pb = new ProcessBuilder(
                Kubectl.BINARY.toString(),
                "--kubeconfig",
                dir.resolve("kubeconfig").toString(),
                "--cache-dir",
                cache.toString(),
                "get",
                "egress",
                "-A",
                "-w",
                "--output-watch-events");
        pb.environment().put("HOME", cache.toString());
        pb.redirectError(dir.resolve("watch.err").toFile());
        Process watch = pb.start();
        processes.add(watch);
        BlockingQueue<String> lines = linesOf(watch.getInputStream());
        // the list first (existing objects, once each); then only what changes
        String first = awaitLine(lines, l -> l.contains("before"), "the existing Egress");
        assertThat(first).contains("ADDED").contains("curl").contains("before");

        Kubectl.Result applied = kubectl.run(EGRESS.formatted("watched", "watched.org"), "apply", "-f", "-");
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        assertThat(awaitLine(lines, l -> l.contains("watched"), "the applied Egress"))
                .contains("ADDED");

        Kubectl.Result deleted = kubectl.run(null, "delete", "egress", "watched", "-n", "curl");
        assertThat(deleted.exitCode()).as(deleted.output()).isZero();
        assertThat(awaitLine(lines, l -> l.contains("watched"), "the deletion")).contains("DELETED");
        assertThat(lines).as("nothing about the first Egress twice").noneMatch(l -> l.contains("before"));
        assertThat(watch.isAlive()).as("the watch stays open").isTrue();
    }

    @Test
    void aRawWatchIsAChunkedJsonStreamOfEventLinesFromTheGivenResourceVersion() throws Exception {
        var egresses = cluster.client().genericKubernetesResources(ServedResources.EGRESS.context());
        GenericKubernetesResource old = egresses.inNamespace("curl")
                .resource(parse(EGRESS.formatted("old", "old.org")))
                .create();
        try (Socket s = cluster.sslContext().getSocketFactory().createSocket("127.0.0.1", cluster.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /apis/policy.openservicemesh.io/v1alpha1/egresses?watch=1&resourceVersion="
                            + old.getMetadata().getResourceVersion()
                            + " HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nAuthorization: Bearer "
                            + cluster.token() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            List<String> head = new ArrayList<>();
            for (String l = in.readLine(); l != null && !l.isEmpty(); l = in.readLine()) {
                head.add(l.toLowerCase(java.util.Locale.ROOT));
            }
            assertThat(head.get(0)).isEqualTo("http/1.1 200 ok");
            assertThat(head)
                    .contains("transfer-encoding: chunked")
                    .anyMatch(h -> h.startsWith("content-type: application/json"));

            egresses.inNamespace("curl")
                    .resource(parse(EGRESS.formatted("new", "new.org")))
                    .create();
            String event = nextChunk(in);
            assertThat(event)
                    .startsWith("{\"type\":\"ADDED\",\"object\":{")
                    .contains("\"name\":\"new\"")
                    .endsWith("}\n");
            egresses.inNamespace("curl").withName("new").delete();
            assertThat(nextChunk(in)).startsWith("{\"type\":\"DELETED\"").contains("\"name\":\"new\"");
        }
    }

    @Test
    void theFabric8ClientsWebSocketWatchStillWorks() throws Exception {
        var egresses = cluster.client().genericKubernetesResources(ServedResources.EGRESS.context());
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (Watch w = egresses.inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource r) {
                events.add(action + " " + r.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            egresses.inNamespace("curl")
                    .resource(parse(EGRESS.formatted("ws", "ws.org")))
                    .create();
            assertThat(events.poll(30, TimeUnit.SECONDS)).isEqualTo("ADDED ws");
        }
    }

    /** One chunk of a chunked body: its size line, then the data. */
    private static String nextChunk(BufferedReader in) throws IOException {
        String size = in.readLine();
        while (size != null && size.isEmpty()) {
            size = in.readLine();
        }
        assertThat(size).as("a chunk").isNotNull();
        char[] data = new char[Integer.parseInt(size.strip(), 16)];
        int read = 0;
        while (read < data.length) { // every event is ASCII JSON here, so chars are bytes
            int n = in.read(data, read, data.length - read);
            assertThat(n).isPositive();
            read += n;
        }
        return new String(data);
    }

    private GenericKubernetesResource parse(String yaml) {
        return cluster.client().getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
    }

    private static BlockingQueue<String> linesOf(InputStream stream) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                        for (String l = r.readLine(); l != null; l = r.readLine()) {
                            lines.add(l);
                        }
                    } catch (IOException e) {
                        lines.add("read failed: " + e);
                    }
                },
                "kubectl-watch-stdout");
        t.setDaemon(true);
        t.start();
        return lines;
    }

    /** The next line that matches, within 30 s; lines before it that do not match fail the test too. */
    private static String awaitLine(BlockingQueue<String> lines, Predicate<String> wanted, String what)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> seen = new ArrayList<>();
        while (true) {
            String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(l)
                    .as("kubectl printed " + what + " within 30 s; it printed " + seen)
                    .isNotNull();
            if (wanted.test(l)) {
                return l;
            }
            seen.add(l);
            assertThat(l).as("a line other than " + what).startsWith("EVENT");
        }
    }
}
