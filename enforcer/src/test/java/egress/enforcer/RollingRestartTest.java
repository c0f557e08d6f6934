package egress.enforcer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.Curl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart of one of two replicas: two enforcer processes (child JVMs running {@link EnforcerMain}),
 * a large download through replica 1, SIGTERM to replica 1 in the middle of it. Replica 1 must report not ready,
 * refuse new connections (its listener is closed, so a Service sends them to replica 2, which serves them), let
 * the download finish intact, and exit 0.
 */
class RollingRestartTest {
    private static final long SIZE = 64L << 20;
    private static final Pattern PROXY_PORT = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern ADMIN_PORT = Pattern.compile("admin listening on port (\\d+)");

    @TempDir
    Path dir;

    private Upstreams upstreams;
    private Replica one;
    private Replica two;

    /** A child JVM and the ports it printed. */
    private record Replica(Process process, int proxy, int admin) {
        String proxyUrl() {
            return "http://127.0.0.1:" + proxy;
        }
    }

    @AfterEach
    void stop() {
        for (Replica r : new Replica[] {one, two}) {
            if (r != null) {
                r.process().destroyForcibly();
            }
        }
        if (upstreams != null) {
            upstreams.close();
        }
    }

    @Test
    void aDownloadInFlightSurvivesSigtermWhileTheOtherReplicaTakesNewConnections() throws Exception {
        upstreams = Upstreams.start("127.0.0.1", 0, -1, -1);
        Path policy = Path.of("..", "samples", "egress-httpbin-80.yaml").toAbsolutePath(); // the guide's own
        one = replica(policy, "one");
        two = replica(policy, "two");
        assertThat(status(one, "/ready")).isEqualTo("200");
        assertThat(status(two, "/ready")).isEqualTo("200");

        try (Socket download = new Socket()) {
            download.connect(new InetSocketAddress("127.0.0.1", one.proxy()));
            download.setSoTimeout(30_000);
            OutputStream out = download.getOutputStream();
            out.write(("GET http://httpbin.org/bytes/" + SIZE
                            + " HTTP/1.1\r\nHost: httpbin.org\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = download.getInputStream();
            String head = Waits.readHead(in).toLowerCase(java.util.Locale.ROOT);
            assertThat(head).startsWith("http/1.1 200").contains("content-length: " + SIZE);
            Body body = new Body();
            body.read(in, 1 << 20); // the first MiB; then the client stops reading, so the rest stays in flight

            one.process().destroy(); // SIGTERM, as the kubelet sends it
            awaitRefused(one.proxy());
            assertThat(status(one, "/ready")).as("draining: not ready").isEqualTo("503");
            assertThat(one.process().isAlive()).as("waits for the download").isTrue();
            assertThat(Curl.run(
                                    "-s",
                                    "-o",
                                    "/dev/null",
                                    "-w",
                                    "%{http_code}",
                                    "-x",
                                    two.proxyUrl(),
                                    "http://httpbin.org/get")
                            .out())
                    .as("the other replica takes new connections")
                    .isEqualTo("200");

            body.read(in, Long.MAX_VALUE);
            assertThat(body.count).isEqualTo(SIZE);
            assertThat(body.mismatches).as("every byte as the upstream sent it").isZero();
            assertThat(HexFormat.of().formatHex(body.sha256.digest())).isEqualTo(expectedSha256());
        }
        assertThat(one.process().waitFor(30, TimeUnit.SECONDS))
                .as("replica 1 exits after the drain")
                .isTrue();
        assertThat(one.process().exitValue()).isZero();

        two.process().destroy();
        assertThat(two.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(two.process().exitValue())
                .as("an idle replica exits 0 at once on SIGTERM")
                .isZero();
    }

    /** The body read so far: its length, its hash and how many bytes differ from the upstream's pattern. */
    private static final class Body {
        final MessageDigest sha256;
        long count;
        long mismatches;

        Body() throws Exception {
            sha256 = MessageDigest.getInstance("SHA-256");
        }

        void read(InputStream in, long atLeast) throws IOException {
            byte[] buf = new byte[64 * 1024];
            long until = Math.min(SIZE, atLeast == Long.MAX_VALUE ? SIZE : count + atLeast);
            while (count < until) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, until - count));
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] != (byte) ('a' + (count + i) % 26)) {
                        mismatches++;
                    }
                }
                sha256.update(buf, 0, n);
                count += n;
            }
            if (atLeast == Long.MAX_VALUE) {
                assertThat(in.read())
                        .as("nothing after the body; then the connection closes")
                        .isEqualTo(-1);
            }
        }
    }

    private static String expectedSha256() throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[26 * 4096];
        for (int i = 0; i < buf.length; i++) {
            buf[i] = (byte) ('a' + i % 26);
        }
        long left = SIZE;
        while (left > 0) { // buf holds a whole number of periods, so every slice starts with 'a'
            int n = (int) Math.min(buf.length, left);
            d.update(buf, 0, n);
            left -= n;
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private Replica replica(Path policy, String name) throws Exception {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                        "-cp",
                        System.getProperty("java.class.path"),
                        EnforcerMain.class.getName(),
                        "-f",
                        policy.toString(),
                        "--identity",
                        "curl/curl",
                        "--listen",
                        "127.0.0.1:0",
                        "--admin",
                        "127.0.0.1:0",
                        "--no-watch",
                        "--drain-grace-seconds",
                        "120",
                        "--connect-to",
                        "httpbin.org:80:127.0.0.1:" + upstreams.httpPort())
                .redirectOutput(dir.resolve(name + ".access.log").toFile())
                .start();
        // the log goes to stderr: read the ports from it, then keep draining it into a file
        CompletableFuture<int[]> ports = new CompletableFuture<>();
        Path log = dir.resolve(name + ".log");
        Thread reader = new Thread(
                () -> {
                    int proxy = -1;
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            Files.writeString(
                                    log,
                                    line + "\n",
                                    StandardCharsets.UTF_8,
                                    java.nio.file.StandardOpenOption.CREATE,
                                    java.nio.file.StandardOpenOption.APPEND);
                            Matcher m = PROXY_PORT.matcher(line);
                            if (m.find()) {
                                proxy = Integer.parseInt(m.group(1));
                            }
                            Matcher a = ADMIN_PORT.matcher(line);
                            if (a.find()) {
                                ports.complete(new int[] {proxy, Integer.parseInt(a.group(1))});
                            }
                        }
                    } catch (IOException e) {
                        ports.completeExceptionally(e);
                    }
                    ports.completeExceptionally(
                            new IllegalStateException("replica " + name + " ended before printing its ports"));
                },
                "replica-" + name + "-log");
        reader.setDaemon(true);
        reader.start();
        int[] found;
        try {
            found = ports.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(
                    "replica " + name + " printed no ports: " + (Files.exists(log) ? Files.readString(log) : ""), e);
        }
        Replica r = new Replica(p, found[0], found[1]);
        Waits.until(30, "replica " + name + " ready", () -> status(r, "/ready").equals("200"));
        return r;
    }

    /** Connects until the kernel refuses (the drained listener is closed), for at most 30 s. */
    private static void awaitRefused(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            } catch (ConnectException refused) {
                break;
            }
            assertThat(System.nanoTime())
                    .as("port " + port + " refuses within 30 s")
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    private static String status(Replica r, String path) throws Exception {
        return Curl.status("http://127.0.0.1:" + r.admin() + path);
    }
}
