package egress.enforcer.netty;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.tls.ClientHelloBytes;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clients that misbehave, split their bytes oddly or go quiet. */
class ProxyRobustnessTest {
    private static ProxyFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ProxyFixture(Duration.ofSeconds(2), Duration.ofMillis(1500));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @BeforeEach
    void policies() throws Exception {
        f.apply(ProxyFixture.egress("httpbin-80", "httpbin.org", 80, "http", null) + "---\n"
                + ProxyFixture.egress("httpbin-443", "httpbin.org", 443, "https", null));
        f.clearLog();
    }

    @Test
    void malformedRequestLineGets400AndAClose() throws Exception {
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("GET http://httpbin.org/get HTTP/9.x\r\n\r\n");
            String reply = c.readToEnd();
            assertThat(reply)
                    .startsWith("HTTP/1.1 400 Bad Request\r\n")
                    .contains("x-egress-decision: invalid")
                    .endsWith("EOF");
        }
        assertThat(f.awaitAccessLines(1))
                .singleElement()
                .asString()
                .contains("\"verdict\":\"invalid\"", "\"status\":400");
    }

    @Test
    void originFormRequestOutsideATunnelGets400() throws Exception {
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("GET /get HTTP/1.1\r\nHost: httpbin.org\r\n\r\n");
            assertThat(c.readToEnd()).startsWith("HTTP/1.1 400 Bad Request\r\n");
        }
    }

    @Test
    void clientHelloSentOneByteAtATimeIsStillDecidedByItsServerName() throws Exception {
        byte[] hello = ClientHelloBytes.of("httpbin.org");
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("CONNECT httpbin.org:443 HTTP/1.1\r\nHost: httpbin.org:443\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 200 Connection established");
            for (byte b : hello) {
                c.send(new byte[] {b});
                Thread.sleep(1); // pacing, not a wait: spaces the one-byte segments so the proxy reads them apart
            }
            assertThat(c.socket.getInputStream().read()).isEqualTo(0x16); // the upstream's ServerHello
        }
        assertThat(f.awaitAccessLines(1))
                .singleElement()
                .asString()
                .contains("\"sni\":\"httpbin.org\"", "\"verdict\":\"allow\"");
    }

    @Test
    void clientHelloForAnotherNameSplitOverRecordsIsClosed() throws Exception {
        byte[] hello = ClientHelloBytes.reRecord(ClientHelloBytes.of("evil.example"), 3);
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("CONNECT httpbin.org:443 HTTP/1.1\r\nHost: httpbin.org:443\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 200 Connection established");
            c.send(hello);
            assertThat(c.readToEnd()).isEqualTo("EOF");
        }
        assertThat(f.awaitAccessLines(1))
                .singleElement()
                .asString()
                .contains("\"sni\":\"evil.example\"", "\"signal\":\"connection-closed\"");
    }

    @Test
    void slowClientThatNeverFinishesItsHeadGets408() throws Exception {
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("GET http://httpbin.org/get HTTP/1.1\r\nHost: http");
            assertThat(c.readToEnd())
                    .startsWith("HTTP/1.1 408 Request Timeout\r\n")
                    .endsWith("EOF");
        }
    }

    @Test
    void plainHttpInsideATunnelIsDecidedPerRequest() throws Exception {
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("CONNECT httpbin.org:80 HTTP/1.1\r\nHost: httpbin.org:80\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 200 Connection established");
            c.send("GET /status/201 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 201 Created");
            c.send("GET /get HTTP/1.1\r\nHost: other.example\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 404 Not Found");
        }
        assertThat(f.awaitAccessLines(2)).hasSize(2);
    }

    @Test
    void opaqueTcpOnAnHttpsOnlyPortIsClosed() throws Exception {
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("CONNECT httpbin.org:443 HTTP/1.1\r\nHost: httpbin.org:443\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 200 Connection established");
            c.send("\u0000\u0001binary");
            assertThat(c.readToEnd()).isEqualTo("EOF");
        }
        assertThat(f.awaitAccessLines(1)).singleElement().asString().contains("\"protocol\":\"tcp\"");
    }
}
