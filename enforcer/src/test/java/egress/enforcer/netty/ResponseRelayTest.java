package egress.enforcer.netty;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Upstream responses are relayed as the bytes the upstream wrote, and {@link ResponseFraming} decides where each
 * ends: against a scripted upstream (a plain server socket) the client gets exactly the upstream's bytes, a kept
 * connection carries the next request, the proxy's own answers keep their framing beside relayed ones (a HEAD
 * among them), bytes past a response never become the answer to another request, and an answer that cannot be
 * framed is a 502.
 */
class ResponseRelayTest {
    private ServerSocket scripted;
    private ProxyFixture fixture;
    private final List<String> requestsSeen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        scripted = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        fixture = new ProxyFixture(
                Duration.ofSeconds(2),
                Duration.ofSeconds(30),
                c -> c,
                List.of("scripted.test:80:127.0.0.1:" + scripted.getLocalPort()));
        // pipy: a refusal is a 403 with a body, which is what the HEAD case needs
        fixture.apply(ProxyFixture.egress("scripted", "scripted.test", 80, "http", null), Engine.PIPY);
    }

    @AfterEach
    void stop() throws IOException {
        fixture.close();
        scripted.close();
    }

    /** One upstream connection, answering the requests that come on it with {@code answers}, in turn. */
    private CompletableFuture<Void> upstream(String... answers) {
        return upstream(false, answers);
    }

    /**
     * As {@link #upstream(String...)}; with {@code mayBeCut}, the proxy closing the connection while the answer is
     * still being written ends the script as expected (it closes an upstream that sends more than its response).
     */
    private CompletableFuture<Void> upstream(boolean mayBeCut, String... answers) {
        return CompletableFuture.runAsync(() -> {
            try (Socket s = scripted.accept()) {
                s.setSoTimeout(20_000);
                for (String answer : answers) {
                    requestsSeen.add(readHead(s.getInputStream()));
                    OutputStream out = s.getOutputStream();
                    // in pieces of 7 bytes, each flushed: the proxy reads them in whatever batches they arrive
                    byte[] bytes = answer.getBytes(StandardCharsets.ISO_8859_1);
                    for (int at = 0; at < bytes.length; at += 7) {
                        out.write(bytes, at, Math.min(7, bytes.length - at));
                        out.flush();
                    }
                }
                s.getInputStream().read(); // holds the connection until the proxy closes it
            } catch (IOException e) {
                if (!mayBeCut) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    private RawClient client() throws IOException {
        RawClient c = new RawClient(fixture.proxy.port());
        c.socket.setSoTimeout(20_000);
        return c;
    }

    private static String get(String path) {
        return "GET http://scripted.test" + path + " HTTP/1.1\r\nHost: scripted.test\r\n\r\n";
    }

    @Test
    @DisplayName("a chunked answer arrives byte for byte, and the kept connection carries the next request")
    void chunkedThenLength() throws Exception {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Case: Kept\r\n\r\n"
                + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n";
        String second = "HTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\nsure";
        CompletableFuture<Void> up = upstream(chunked, second);
        try (RawClient c = client()) {
            c.send(get("/one"));
            assertThat(c.readExactly(chunked.length())).isEqualTo(chunked);
            c.send(get("/two"));
            assertThat(c.readExactly(second.length())).isEqualTo(second);
        }
        up.get(20, TimeUnit.SECONDS); // both requests came on one upstream connection
        assertThat(requestsSeen).hasSize(2);
        assertThat(requestsSeen.get(0)).startsWith("GET /one HTTP/1.1\r\n");
        List<String> lines = fixture.awaitAccessLines(2);
        assertThat(lines.get(0)).contains("\"status\":200").contains("\"bytes_down\":11");
        assertThat(lines.get(1)).contains("\"status\":201").contains("\"bytes_down\":4");
    }

    @Test
    @DisplayName("the request goes upstream as the bytes the client sent: its target's bytes above 0x7F unchanged")
    void targetBytesAsSent() throws Exception {
        String answer = "HTTP/1.1 204 No Content\r\n\r\n";
        CompletableFuture<Void> up = upstream(answer);
        try (RawClient c = client()) {
            // one byte each for é and ÿ (ISO-8859-1); Netty's encoder wrote each as two bytes of UTF-8
            c.send("GET http://scripted.test/caf\u00e9?q=\u00ff HTTP/1.1\r\nHost: scripted.test\r\nX-A: 1\r\n\r\n");
            assertThat(c.readExactly(answer.length())).isEqualTo(answer);
        }
        up.get(20, TimeUnit.SECONDS);
        assertThat(requestsSeen.get(0))
                .isEqualTo("GET /caf\u00e9?q=\u00ff HTTP/1.1\r\nX-A: 1\r\nhost: scripted.test\r\n\r\n");
    }

    @Test
    @DisplayName("the proxy's own answers keep their framing beside relayed ones, a HEAD's without a body")
    void ownAnswersBesideRelayedOnes() throws Exception {
        String headAnswer = "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n";
        String last = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        CompletableFuture<Void> up = upstream(headAnswer, last);
        try (RawClient c = client()) {
            c.send("HEAD http://scripted.test/ HTTP/1.1\r\nHost: scripted.test\r\n\r\n");
            assertThat(c.readExactly(headAnswer.length())).isEqualTo(headAnswer);
            c.send("GET http://refused.test/ HTTP/1.1\r\nHost: refused.test\r\n\r\n");
            String refused = c.readHead();
            assertThat(refused).startsWith("HTTP/1.1 403 Forbidden\r\n");
            int length = contentLength(refused);
            assertThat(length).isPositive();
            c.readExactly(length);
            c.send("HEAD http://refused.test/ HTTP/1.1\r\nHost: refused.test\r\n\r\n");
            String refusedHead = c.readHead();
            assertThat(refusedHead).startsWith("HTTP/1.1 403 Forbidden\r\n");
            assertThat(contentLength(refusedHead)).isEqualTo(length); // as a GET would say, and no body follows
            c.send(get("/after"));
            assertThat(c.readExactly(last.length())).isEqualTo(last);
        }
        up.get(20, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("a refusal is the same bytes each time, closes when the client asks, and names its decision")
    void refusals() throws Exception {
        String refused = "GET http://refused.test/ HTTP/1.1\r\nHost: refused.test\r\n\r\n";
        try (RawClient c = client()) {
            c.send(refused);
            String first = c.readHead();
            String body = c.readExactly(contentLength(first));
            c.send(refused);
            assertThat(c.readHead()).isEqualTo(first);
            assertThat(c.readExactly(contentLength(first))).isEqualTo(body);
            assertThat(first)
                    .startsWith("HTTP/1.1 403 Forbidden\r\n")
                    .contains("x-egress-decision: deny; policy=none; signal=http-403\r\n")
                    .doesNotContainIgnoringCase("connection:");
            c.send(refused.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));
            String last = c.readHead();
            assertThat(last).contains("connection: close\r\n");
            assertThat(c.readToEnd()).isEqualTo(body + "EOF");
        }
        assertThat(fixture.awaitAccessLines(3))
                .allSatisfy(l -> assertThat(l).contains("\"status\":403", "\"bytes_down\":" + 13));
    }

    @Test
    @DisplayName("bytes an upstream sends past its response are dropped with its connection, never relayed")
    void bytesPastTheResponse() throws Exception {
        CompletableFuture<Void> first = upstream(
                true, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nevil");
        CompletableFuture<Void> second;
        try (RawClient c = client()) {
            c.send(get("/one"));
            String head = c.readHead();
            assertThat(c.readExactly(contentLength(head))).isEqualTo("ok");
            first.get(20, TimeUnit.SECONDS); // the proxy closed that upstream connection
            second = upstream("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfine");
            c.send(get("/two"));
            head = c.readHead();
            assertThat(c.readExactly(contentLength(head))).isEqualTo("fine");
        }
        second.get(20, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("an answer with two different Content-Lengths is a 502 that names the upstream's fault")
    void unframeableAnswer() throws Exception {
        CompletableFuture<Void> up =
                upstream(true, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!");
        try (RawClient c = client()) {
            c.send(get("/"));
            String head = c.readHead();
            assertThat(head)
                    .startsWith("HTTP/1.1 502 Bad Gateway\r\n")
                    .contains("upstream=invalid-response")
                    .contains("connection: close");
            assertThat(c.readToEnd()).contains("Content-Length").endsWith("EOF");
        }
        up.get(20, TimeUnit.SECONDS);
        assertThat(fixture.awaitAccessLines(1).get(0)).contains("\"status\":502");
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).strip());
            }
        }
        return -1;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
