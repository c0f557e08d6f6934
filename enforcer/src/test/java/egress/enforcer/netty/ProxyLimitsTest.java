package egress.enforcer.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Oversized heads, half-closed clients and upstreams that refuse. */
class ProxyLimitsTest {
    private static ProxyFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ProxyFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @BeforeEach
    void policies() throws Exception {
        f.apply(ProxyFixture.egress("httpbin-80", "httpbin.org", 80, "http", null) + "---\n"
                + ProxyFixture.egress("unreachable-80", "refused.test", 80, "http", null));
        f.clearLog();
    }

    @Test
    void headersOverSixtyFourKibAreRefusedCleanlyAndTheConnectionClosed() throws Exception {
        String big = "x".repeat(70 * 1024);
        try (RawClient c = new RawClient(f.proxy.port())) {
            try {
                c.send("GET http://httpbin.org/get HTTP/1.1\r\nHost: httpbin.org\r\nX-Big: " + big + "\r\n\r\n");
            } catch (IOException e) {
                // the proxy may answer and close before the whole head is written
            }
            String reply = c.readToEnd();
            assertThat(reply).matches("(?s)HTTP/1\\.1 (431|400) .*(EOF|RESET)");
        }
        assertThat(f.awaitAccessLines(1)).singleElement().asString().contains("\"verdict\":\"invalid\"");
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("GET http://httpbin.org/get HTTP/1.1\r\nHost: httpbin.org\r\nConnection: close\r\n\r\n");
            assertThat(c.readToEnd()).startsWith("HTTP/1.1 200 OK");
        }
    }

    @Test
    void aClientThatShutsDownItsOutputAfterTheRequestStillGetsTheResponse() throws Exception {
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("GET http://httpbin.org/status/201 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n");
            c.socket.shutdownOutput();
            assertThat(c.readToEnd()).startsWith("HTTP/1.1 201 Created").endsWith("EOF");
        }
    }

    @Test
    void aHalfClosedTunnelStillDeliversTheUpstreamsAnswer() throws Exception {
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("CONNECT httpbin.org:80 HTTP/1.1\r\nHost: httpbin.org:80\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 200 Connection established");
            c.send("GET /status/202 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n");
            c.socket.shutdownOutput();
            assertThat(c.readToEnd()).startsWith("HTTP/1.1 202 Accepted").endsWith("EOF");
        }
    }

    @Test
    void aTunnelClientThatEndsBeforeItsFirstByteIsClosedWithoutAnUpstreamConnection() throws Exception {
        f.apply(ProxyFixture.egress("any-9000", null, 9000, "tcp", null));
        f.clearLog();
        String before = f.metrics.render();
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("CONNECT db.example:9000 HTTP/1.1\r\nHost: db.example:9000\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 200 Connection established");
            c.socket.shutdownOutput(); // said nothing: there is nothing to decide or relay
            assertThat(c.readToEnd()).isEqualTo("EOF"); // not the upstream's banner
        }
        assertThat(f.metrics.render())
                .as("no upstream connection for a client that is gone")
                .contains(connects(before));
    }

    @Test
    void aHalfCloseWhileTheTunnelsFirstBytesAreLookedAtReachesTheUpstream() throws Exception {
        f.apply(ProxyFixture.egress("any-9000", null, 9000, "tcp", null));
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("CONNECT db.example:9000 HTTP/1.1\r\nHost: db.example:9000\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 200 Connection established");
            c.send("HELO"); // capitals and no space yet, a request line's method maybe: the sniffer waits for more ...
            c.socket.shutdownOutput(); // ... which will not come: decided now, and the FIN goes on
            // the upstream echoes after its banner and closes on the FIN; a lost FIN leaves both waiting
            assertThat(c.readToEnd()).endsWith("\r\nHELOEOF");
        }
    }

    @Test
    void anUpstreamsHalfCloseReachesTheClientAndTheClientMayStillSend() throws Exception {
        // a TCP relay passes a FIN on and keeps the other direction open, whichever side ends first
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                ProxyFixture p = new ProxyFixture(
                        java.time.Duration.ofSeconds(2),
                        java.time.Duration.ofSeconds(5),
                        c -> c,
                        java.util.List.of("halfclose.test:9001:127.0.0.1:" + server.getLocalPort()))) {
            p.apply(ProxyFixture.egress("any-9001", null, 9001, "tcp", null));
            java.util.concurrent.CompletableFuture<String> received =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try (java.net.Socket s = server.accept()) {
                            s.setSoTimeout(5000);
                            s.getOutputStream().write("hello\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                            s.shutdownOutput(); // says all it will, and goes on reading
                            return new String(
                                    s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
                        } catch (IOException e) {
                            return "failed: " + e;
                        }
                    });
            try (RawClient c = new RawClient(p.proxy.port())) {
                c.send("CONNECT halfclose.test:9001 HTTP/1.1\r\nHost: halfclose.test:9001\r\n\r\n");
                assertThat(c.readHead()).startsWith("HTTP/1.1 200 Connection established");
                c.send("helo there\n");
                assertThat(c.readToEnd()).isEqualTo("hello\nEOF"); // the upstream's FIN, passed on
                c.send("more\n");
                c.socket.shutdownOutput();
                assertThat(received.get(10, java.util.concurrent.TimeUnit.SECONDS))
                        .isEqualTo("helo there\nmore\n");
            }
        }
    }

    /** The upstream connection count in {@code metrics}, as it reads now. */
    private static String connects(String metrics) {
        return metrics.lines()
                .filter(l -> l.startsWith("egress_upstream_connect_seconds_count "))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anAllowedUpstreamThatRefusesGets503() throws Exception {
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("GET http://refused.test/get HTTP/1.1\r\nHost: refused.test\r\n\r\n");
            String reply = c.readToEnd();
            assertThat(reply)
                    .startsWith("HTTP/1.1 503 Service Unavailable")
                    .contains("x-egress-decision: allow; policy=curl/unreachable-80", ProxyResponses.UPSTREAM_FAILURE)
                    .endsWith("EOF");
        }
    }
}
