package egress.enforcer.netty;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.config.HostsTable;
import egress.enforcer.config.Limits;
import egress.enforcer.config.PolicySnapshot;
import egress.enforcer.observe.AccessLog;
import egress.enforcer.observe.Metrics;
import egress.enforcer.upstreams.Upstreams;
import egress.policy.match.PolicyCompiler;
import egress.policy.model.Engine;
import egress.policy.model.PolicySet;
import egress.policy.yaml.ManifestReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Revocation and timeouts with real sockets: a deleted Egress reaches open keep-alive connections and tunnels;
 * a dripped request body, a silent or stalling upstream, an idle tunnel and an old connection are all ended.
 * The limits are small (one second or less), and every assertion waits for the proxy's answer or for the
 * socket to close (with a generous read timeout), never for a time to pass.
 */
class ProxyLifecycleTest {
    private static final Limits SMALL = Limits.DEFAULTS
            .withRequestBodyTimeout(Duration.ofSeconds(1))
            .withResponseTimeout(Duration.ofSeconds(1))
            .withResponseIdleTimeout(Duration.ofSeconds(1))
            .withTunnelIdleTimeout(Duration.ofSeconds(1))
            .withRevokeDrain(Duration.ofMillis(200));
    private static final String HTTPBIN = ProxyFixture.egress("httpbin-80", "httpbin.org", 80, "http", null);
    private static final String SMTP = ProxyFixture.egress("smtp", null, 25, "tcp-server-first", null);
    private final AtomicReference<PolicySnapshot> policies = new AtomicReference<>(PolicySnapshot.empty(Engine.OSM));
    private final List<String> access = new CopyOnWriteArrayList<>();
    private final Metrics metrics = new Metrics();
    private Upstreams upstreams;
    private ServerSocket silent;
    private EgressProxy proxy;
    private long version;

    @BeforeEach
    void upstreams() throws Exception {
        upstreams = Upstreams.start("127.0.0.1", 0, -1, 0);
        silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        upstreams.close();
        silent.close();
    }

    private ProxyContext start(Limits limits) throws Exception {
        HostsTable hosts = HostsTable.parse(List.of(
                "httpbin.org:80:127.0.0.1:" + upstreams.httpPort(),
                ":25:127.0.0.1:" + upstreams.tcpPort(),
                "silent.test:80:127.0.0.1:" + silent.getLocalPort()));
        ProxyContext context = ProxyContext.of(
                        ProxyFixture.CURL, policies::get, hosts, new AccessLog(access::add), metrics)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(2))
                .withLimits(limits);
        proxy = EgressProxy.start(context, new InetSocketAddress("127.0.0.1", 0));
        return context;
    }

    private void apply(String yaml) throws Exception {
        PolicySet set = PolicySet.of(ManifestReader.read("test.yaml", yaml));
        policies.set(new PolicySnapshot(
                ++version, PolicyCompiler.compile(set, set.meshConfigOrDefault(), Engine.OSM), Instant.now()));
    }

    private RawClient client() throws IOException {
        RawClient c = new RawClient(proxy.port());
        c.socket.setSoTimeout(20_000); // generous: every test ends long before, by an answer or a close
        return c;
    }

    private static String get(String host) {
        return "GET http://" + host + "/get HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
    }

    /** Reads one response with a Content-Length body; returns its status line. */
    private static String readResponse(RawClient c) throws IOException {
        String head = c.readHead();
        int at = head.toLowerCase().indexOf("content-length:");
        if (at >= 0) {
            int end = head.indexOf("\r\n", at);
            c.readExactly(Integer.parseInt(head.substring(at + 15, end).strip()));
        }
        return head.isEmpty() ? "" : head.substring(0, head.indexOf("\r\n"));
    }

    @Test
    @DisplayName("a keep-alive connection's next request is decided under the newest snapshot (revocation)")
    void keepAliveRequestsSeeTheNewestSnapshot() throws Exception {
        start(SMALL);
        apply(HTTPBIN);
        try (RawClient c = client()) {
            c.send(get("httpbin.org"));
            assertThat(readResponse(c)).isEqualTo("HTTP/1.1 200 OK");
            apply(ProxyFixture.egress("other-80", "other.example", 80, "http", null)); // httpbin-80 deleted
            c.send(get("httpbin.org"));
            assertThat(readResponse(c))
                    .as("the same connection, after the Egress was deleted")
                    .isEqualTo("HTTP/1.1 404 Not Found");
        }
    }

    @Test
    @DisplayName("plain HTTP inside a CONNECT tunnel: each request is decided under the newest snapshot too")
    void httpInsideATunnelSeesTheNewestSnapshot() throws Exception {
        start(SMALL);
        apply(HTTPBIN);
        try (RawClient c = client()) {
            c.send("CONNECT httpbin.org:80 HTTP/1.1\r\nHost: httpbin.org:80\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 200 Connection established\r\n");
            c.send("GET /get HTTP/1.1\r\nHost: httpbin.org\r\n\r\n");
            assertThat(readResponse(c)).isEqualTo("HTTP/1.1 200 OK");
            apply(ProxyFixture.egress("other-80", "other.example", 80, "http", null));
            c.send("GET /get HTTP/1.1\r\nHost: httpbin.org\r\n\r\n");
            assertThat(readResponse(c)).isEqualTo("HTTP/1.1 404 Not Found");
        }
    }

    @Test
    @DisplayName("a tunnel whose allowing Egress is deleted is closed after the drain period")
    void revokedTunnelIsClosed() throws Exception {
        start(SMALL.withTunnelIdleTimeout(Duration.ZERO));
        apply(SMTP);
        try (RawClient c = client()) {
            openSmtpTunnel(c);
            apply(HTTPBIN); // the smtp Egress is gone
            assertThat(c.readToEnd()).isEqualTo("EOF");
        }
        assertThat(metrics.render()).contains("egress_tunnels_revoked_total 1\n");
    }

    @Test
    @DisplayName("a tunnel still allowed by the new snapshot stays open")
    void tunnelStillAllowedStays() throws Exception {
        // no drain: were the tunnel refused, it would be closed before the re-decision is counted
        ProxyContext context = start(SMALL.withTunnelIdleTimeout(Duration.ZERO).withRevokeDrain(Duration.ZERO));
        apply(SMTP);
        try (RawClient c = client()) {
            openSmtpTunnel(c);
            long before = context.tunnels().redecisions();
            apply(SMTP + "---\n" + HTTPBIN);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (context.tunnels().redecisions() == before) {
                assertThat(System.nanoTime())
                        .as("the tunnel was not re-decided within 10 s")
                        .isLessThan(deadline);
                Thread.sleep(20);
            }
            c.send("STILL\r\n");
            assertThat(c.readExactly(7)).isEqualTo("STILL\r\n");
        }
        assertThat(metrics.render()).contains("egress_tunnels_revoked_total 0\n");
    }

    private static void openSmtpTunnel(RawClient c) throws IOException {
        c.send("CONNECT mail.example:25 HTTP/1.1\r\nHost: mail.example:25\r\n\r\n");
        assertThat(c.readHead()).startsWith("HTTP/1.1 200 Connection established\r\n");
        assertThat(c.readExactly(36)).isEqualTo("220 egress-designer upstream ready\r\n");
        c.send("PING\r\n");
        assertThat(c.readExactly(6)).isEqualTo("PING\r\n");
    }

    @Test
    @DisplayName("16 MiB through a tunnel come back whole and in order while the client reads in small pieces")
    void bulkThroughATunnelArrivesWhole() throws Exception {
        start(SMALL);
        apply(SMTP);
        int size = 16 << 20;
        try (RawClient c = client()) {
            openSmtpTunnel(c);
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 << 10];
                try {
                    for (int sent = 0; sent < size; sent += chunk.length) {
                        for (int i = 0; i < chunk.length; i++) {
                            chunk[i] = (byte) ((sent + i) % 251);
                        }
                        c.socket.getOutputStream().write(chunk);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            InputStream in = c.socket.getInputStream();
            byte[] piece = new byte[1000]; // smaller than what the relay writes: the proxy must wait for this reader
            int got = 0;
            while (got < size) {
                int n = in.read(piece, 0, Math.min(piece.length, size - got));
                assertThat(n)
                        .as("the tunnel closed after %d of %d bytes", got, size)
                        .isPositive();
                for (int i = 0; i < n; i++) {
                    if (piece[i] != (byte) ((got + i) % 251)) {
                        throw new AssertionError("byte " + (got + i) + " differs");
                    }
                }
                got += n;
            }
            writer.join(60_000);
            assertThat(writer.isAlive()).isFalse();
        }
    }

    @Test
    @DisplayName("an idle tunnel is closed after the tunnel idle timeout")
    void idleTunnelIsClosed() throws Exception {
        start(SMALL);
        apply(SMTP);
        try (RawClient c = client()) {
            openSmtpTunnel(c);
            assertThat(c.readToEnd()).isEqualTo("EOF");
        }
        assertThat(metrics.render()).contains("egress_timeouts_total 1\n");
    }

    @Test
    @DisplayName("a request body dripped one byte at a time gets 408 when the body deadline passes")
    void drippedBodyGets408() throws Exception {
        start(SMALL);
        apply(HTTPBIN);
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try (RawClient c = client()) {
            c.send("POST http://httpbin.org/post HTTP/1.1\r\nHost: httpbin.org\r\nContent-Length: 1000\r\n\r\n");
            // a byte every 100 ms would take 100 s; every byte resets no timer
            drip.scheduleWithFixedDelay(
                    () -> {
                        try {
                            c.send("x");
                        } catch (IOException e) {
                            throw new IllegalStateException(e); // closed: stops the dripping
                        }
                    },
                    0,
                    100,
                    TimeUnit.MILLISECONDS);
            assertThat(c.readHead()).startsWith("HTTP/1.1 408 Request Timeout\r\n");
        } finally {
            drip.shutdownNow();
        }
    }

    @Test
    @DisplayName("an upstream that never answers gets the client a 504")
    void silentUpstreamGets504() throws Exception {
        start(SMALL);
        apply(ProxyFixture.egress("silent-80", "silent.test", 80, "http", null));
        try (RawClient c = client();
                Socket held = acceptLater()) {
            c.send(get("silent.test"));
            String head = c.readHead();
            assertThat(head).startsWith("HTTP/1.1 504 Gateway Timeout\r\n").contains("x-egress-decision: allow;");
            assertThat(c.readToEnd()).endsWith("EOF");
        }
    }

    @Test
    @DisplayName("an upstream that stops in the middle of its response has the client's connection closed")
    void stallingUpstreamIsCut() throws Exception {
        start(SMALL);
        apply(ProxyFixture.egress("silent-80", "silent.test", 80, "http", null));
        try (RawClient c = client()) {
            c.send(get("silent.test"));
            try (Socket up = silent.accept()) {
                readHead(up.getInputStream());
                up.getOutputStream()
                        .write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII));
                up.getOutputStream().flush();
                assertThat(c.readHead()).startsWith("HTTP/1.1 200 OK\r\n");
                assertThat(c.readToEnd()).isEqualTo("abcEOF");
            }
        }
    }

    @Test
    @DisplayName("a response that keeps coming, a byte every 300 ms, outlasts the 1 s pause timer")
    void steadyDripIsNotCut() throws Exception {
        start(SMALL);
        apply(HTTPBIN);
        try (RawClient c = client()) {
            c.send(
                    "GET http://httpbin.org/drip?numbytes=10&duration=3 HTTP/1.1\r\nHost: httpbin.org\r\nConnection: close\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 200 OK\r\n");
            assertThat(c.readToEnd()).isEqualTo("**********EOF");
        }
        assertThat(metrics.render()).contains("egress_timeouts_total 0\n");
    }

    @Test
    @DisplayName("a connection older than the maximum age is closed, however it is used")
    void oldConnectionIsClosed() throws Exception {
        start(SMALL.withMaxConnectionAge(Duration.ofSeconds(1)));
        apply(HTTPBIN);
        try (RawClient c = client()) {
            c.send(get("httpbin.org"));
            assertThat(readResponse(c)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(c.readToEnd()).isEqualTo("EOF"); // kept alive, the header timeout is 30 s: the age ends it
        }
    }

    /** Accepts the proxy's upstream connection in the background and holds it without a word. */
    private Socket acceptLater() {
        return new Socket() {
            private final java.util.concurrent.CompletableFuture<Socket> accepted =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return silent.accept();
                        } catch (IOException e) {
                            return null;
                        }
                    });

            @Override
            public synchronized void close() throws IOException {
                Socket s = accepted.getNow(null);
                if (s != null) {
                    s.close();
                }
                super.close();
            }
        };
    }

    private static void readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return;
            }
            b.append((char) c);
        }
    }
}
