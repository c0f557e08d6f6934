package egress.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.server.workspace.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DNS rebinding: a page of another site whose name now resolves to 127.0.0.1 is same-origin to the browser, but
 * its requests name that site in {@code Host}; the server answers them 421, pages and API alike.
 */
class HostHeaderTest {
    static EmbeddedCluster cluster;
    static ApiServer server;

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        server = ApiServer.start("127.0.0.1", 0, new Workspace(), ClusterConnection.embedded(cluster));
    }

    @AfterAll
    static void stop() {
        server.close();
        cluster.close();
    }

    /** One request over a plain socket, so that any Host header can be sent; returns the status line. */
    static String statusLine(String path, String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + server.token()
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(0, response.indexOf("\r\n"));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "evil.example:%d",
                "evil.example",
                "127.0.0.1.evil.example:%d",
                "127.0.0.1:1",
                "localhost",
                "attacker.localhost:%d"
            })
    void aForgedHostIsRefusedForTheApiAndThePage(String host) throws IOException {
        String h = host.formatted(server.port());
        assertThat(statusLine("/api/workspace/resources", h)).as(h).contains(" 421 ");
        assertThat(statusLine("/", h)).as(h).contains(" 421 ");
        assertThat(statusLine("/js/main.js", h)).as(h).contains(" 421 ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:%d", "localhost:%d", "LOCALHOST:%d", "[::1]:%d"})
    void theServersOwnNamesAreAnswered(String host) throws IOException {
        String h = host.formatted(server.port());
        assertThat(statusLine("/api/workspace/resources", h)).as(h).contains(" 200 ");
        assertThat(statusLine("/", h)).as(h).contains(" 200 ");
    }

    @Test
    void theRefusalIsAProblem() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream()
                    .write(("GET /api/cluster HTTP/1.1\r\nHost: rebound.example:" + server.port()
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response)
                    .contains("\"status\":421")
                    .contains("misdirected-request")
                    .contains("rebound.example");
        }
    }
}
