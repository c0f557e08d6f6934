package egress.enforcer.upstreams;

import static org.assertj.core.api.Assertions.assertThat;

import egress.fixtures.Curl;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UpstreamsTest {
    private static Upstreams upstreams;

    @BeforeAll
    static void start() throws Exception {
        upstreams = Upstreams.start("127.0.0.1", 0, 0, 0);
    }

    @AfterAll
    static void stop() {
        upstreams.close();
    }

    private static String http(String path) {
        return "http://127.0.0.1:" + upstreams.httpPort() + path;
    }

    @Test
    void getAnswersJsonAsHttpbinDoes() throws Exception {
        Curl.Result r = Curl.run("-si", "-H", "X-Test: yes", http("/get?a=1"));
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .startsWith("HTTP/1.1 200 OK\r\n")
                .contains("server: gunicorn/19.9.0\r\n", "content-type: application/json\r\n")
                .contains(
                        "\"a\": \"1\"",
                        "\"X-Test\": \"yes\"",
                        "\"url\": \"http://127.0.0.1:" + upstreams.httpPort() + "/get?a=1\"");
    }

    @Test
    void headAnswersHeadersWithTheBodyLengthAndNoBody() throws Exception {
        Curl.Result r = Curl.run("-sI", http("/get"));
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .startsWith("HTTP/1.1 200 OK\r\n")
                .contains("content-length: ")
                .doesNotContain("{");
    }

    @Test
    void statusPathAnswersThatStatus() throws Exception {
        Curl.Result r = Curl.run("-s", "-o", "/dev/null", "-w", "%{http_code}", http("/status/418"));
        assertThat(r.out()).isEqualTo("418");
    }

    @Test
    void anythingEchoesTheMethod() throws Exception {
        Curl.Result r = Curl.run("-s", "-X", "PUT", "-d", "hello", http("/anything/x"));
        assertThat(r.out()).contains("\"method\": \"PUT\"", "\"data\": \"hello\"");
    }

    @Test
    void bytesStreamsTheRequestedLength() throws Exception {
        Curl.Result r = Curl.run("-s", "-o", "/dev/null", "-w", "%{size_download}", http("/bytes/300000"));
        assertThat(r.out()).isEqualTo("300000");
    }

    @Test
    void httpsServesTheSameWithASelfSignedCertificate() throws Exception {
        Curl.Result r = Curl.run("-sk", "https://127.0.0.1:" + upstreams.httpsPort() + "/headers");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"headers\"");
        Curl.Result strict = Curl.run("-s", "https://127.0.0.1:" + upstreams.httpsPort() + "/headers");
        assertThat(strict.exit()).isEqualTo(60);
    }

    @Test
    void tcpServerSpeaksFirstThenEchoes() throws Exception {
        try (Socket s = new Socket("127.0.0.1", upstreams.tcpPort())) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            byte[] banner = in.readNBytes(BannerHandler.BANNER.length());
            assertThat(new String(banner, StandardCharsets.US_ASCII)).isEqualTo(BannerHandler.BANNER);
            OutputStream out = s.getOutputStream();
            out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
        }
    }
}
