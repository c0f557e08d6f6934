package egress.enforcer;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.Await;
import egress.fixtures.ExternalTools;
import egress.fixtures.GuideManifests;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 10,000 idle client connections on an enforcer of its own (a child JVM, so that its resident memory
 * is its own): it must keep answering, and each idle connection may cost at most 32 KiB of resident
 * memory (VmRSS of the enforcer's /proc status before and after). The figure is written to
 * {@code target/idle-connections.txt}.
 */
class IdleConnectionsTest {
    private static final Logger LOG = LoggerFactory.getLogger(IdleConnectionsTest.class);
    private static final int CONNECTIONS = 10_000;
    private static final int BATCH = 500;

    @TempDir
    Path dir;

    @Test
    void tenThousandIdleConnectionsStayCheapAndTheProxyResponsive() throws Exception {
        assumeFileDescriptors(CONNECTIONS + 2_000);
        Path policy = Files.writeString(dir.resolve("httpbin-80.yaml"), GuideManifests.HTTPBIN_80);
        int port = freePort();
        int admin = freePort();
        List<SocketChannel> idle = new ArrayList<>(CONNECTIONS);
        Process enforcer = null;
        try (Upstreams upstreams = Upstreams.start("127.0.0.1", 0, -1, -1)) {
            enforcer = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-XX:+UseSerialGC",
                            "-cp",
                            System.getProperty("java.class.path"),
                            EnforcerMain.class.getName(),
                            "-f",
                            policy.toString(),
                            "--identity",
                            "curl/curl",
                            "--listen",
                            "127.0.0.1:" + port,
                            "--admin",
                            "127.0.0.1:" + admin,
                            "--no-watch",
                            "--header-timeout-ms",
                            "600000",
                            "--connect-to",
                            "httpbin.org:80:127.0.0.1:" + upstreams.httpPort())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("enforcer.log").toFile())
                    .start();
            HttpClient client = HttpClient.newBuilder()
                    .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            awaitReady(admin);
            for (int i = 0; i < 20; i++) {
                assertThat(get(client)).isEqualTo(200); // warm up the request path before measuring
            }
            long before = rssKib(enforcer.pid());
            long started = System.nanoTime();
            for (int i = 0; i < CONNECTIONS; i += BATCH) {
                for (int j = 0; j < BATCH; j++) {
                    idle.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
                }
                awaitActive(admin, i + BATCH); // the enforcer has accepted this batch before the next one is opened
            }
            long openMillis = (System.nanoTime() - started) / 1_000_000;
            long after = rssKib(enforcer.pid());
            long t0 = System.nanoTime();
            assertThat(get(client)).isEqualTo(200);
            long answerMillis = (System.nanoTime() - t0) / 1_000_000;
            double perConnection = (after - before) * 1024.0 / CONNECTIONS;
            String figure = String.format(
                    "%d idle connections: VmRSS %d KiB -> %d KiB, %.0f bytes (%.1f KiB) each;"
                            + " opened in %d ms; a request with all of them open took %d ms%n",
                    CONNECTIONS, before, after, perConnection, perConnection / 1024, openMillis, answerMillis);
            LOG.info(figure.trim());
            Files.writeString(Path.of("target", "idle-connections.txt"), figure);
            assertThat(perConnection).as(figure).isLessThanOrEqualTo(32 * 1024);
        } finally {
            for (SocketChannel c : idle) {
                c.close();
            }
            if (enforcer != null) {
                enforcer.destroy();
                enforcer.waitFor();
            }
        }
    }

    private static int get(HttpClient client) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://httpbin.org/get"))
                .timeout(Duration.ofSeconds(5))
                .build();
        return client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void awaitReady(int admin) throws Exception {
        HttpClient plain = HttpClient.newHttpClient();
        Await.until("the enforcer answers 200 on /ready", Duration.ofSeconds(60), () -> {
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/ready"))
                        .build();
                return plain.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false; // not listening yet
            }
        });
    }

    private static void awaitActive(int admin, int n) throws Exception {
        HttpClient plain = HttpClient.newHttpClient();
        Pattern active = Pattern.compile("(?m)^egress_active_connections (\\d+)");
        Await.until("the enforcer counts " + n + " open connections", Duration.ofSeconds(60), () -> {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/metrics"))
                    .build();
            Matcher m = active.matcher(
                    plain.send(req, HttpResponse.BodyHandlers.ofString()).body());
            return m.find() && Long.parseLong(m.group(1)) >= n;
        });
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }

    /** Skips (or under CI=true fails) when this process may not open enough files; run-tests raises the limit. */
    private static void assumeFileDescriptors(int needed) throws IOException {
        Path limits = Path.of("/proc/self/limits");
        ExternalTools.require(Files.exists(limits), "no /proc/self/limits: not Linux");
        long soft = Files.readAllLines(limits).stream()
                .filter(l -> l.startsWith("Max open files"))
                .map(l -> l.substring("Max open files".length()).trim().split("\\s+")[0])
                .mapToLong(v -> v.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(v))
                .findFirst()
                .orElse(0);
        ExternalTools.require(
                soft >= needed,
                "the open-file limit is " + soft + ", the test needs " + needed
                        + ": run it with ulimit -n 65536 (run-tests raises it)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
