package egress.enforcer;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.config.EnforcerConfig;
import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.Await;
import egress.fixtures.Curl;
import egress.fixtures.GuideManifests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /decisions?after=SEQ} on a running enforcer's admin port, over real sockets, after requests through it. */
class RecentDecisionsEndpointTest {
    @TempDir
    Path dir;

    @Test
    void servesTheAccessLogLinesDecidedAfterASequenceNumber() throws Exception {
        Files.writeString(dir.resolve("egress.yaml"), GuideManifests.HTTPBIN_80);
        HttpClient http = HttpClient.newHttpClient();
        try (Upstreams up = Upstreams.start("127.0.0.1", 0, -1, -1);
                Enforcer e = Enforcer.start(EnforcerConfig.parse(List.of(
                        "-f",
                        dir.toString(),
                        "--identity",
                        "curl/curl",
                        "--listen",
                        "127.0.0.1:0",
                        "--admin",
                        "127.0.0.1:0",
                        "--connect-to",
                        "httpbin.org:80:127.0.0.1:" + up.httpPort())))) {
            String proxy = "http://127.0.0.1:" + e.proxyPorts().get(0);
            URI admin = URI.create("http://127.0.0.1:" + e.adminPort());
            assertThat(Curl.run("-s", "-o", "/dev/null", "-x", proxy, "http://httpbin.org/get")
                            .exit())
                    .isZero();
            assertThat(Curl.run("-s", "-o", "/dev/null", "-x", proxy, "http://example.org/get")
                            .exit())
                    .isZero();

            HttpResponse<String>[] all = new HttpResponse[1];
            Await.until(
                    "both decisions are kept",
                    Duration.ofSeconds(30),
                    () -> (all[0] = http.send(
                                            HttpRequest.newBuilder(admin.resolve("/decisions?after=0"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString()))
                                    .body()
                                    .lines()
                                    .count()
                            == 2);
            assertThat(all[0].statusCode()).isEqualTo(200);
            assertThat(all[0].headers().firstValue("Egress-Sequence")).hasValue("2");
            assertThat(all[0].headers().firstValue("Egress-Oldest")).hasValue("1");
            List<String> lines = all[0].body().lines().toList();
            assertThat(lines.get(0))
                    .startsWith("{\"time\":\"")
                    .contains(
                            "\"source\":\"curl/curl\"",
                            "\"host\":\"httpbin.org\"",
                            "\"verdict\":\"allow\"",
                            "\"policy\":\"curl/httpbin-80\"");
            assertThat(lines.get(1)).contains("\"host\":\"example.org\"", "\"verdict\":\"deny\"");

            HttpResponse<String> after1 = http.send(
                    HttpRequest.newBuilder(admin.resolve("/decisions?after=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(after1.body().lines().toList()).containsExactly(lines.get(1));
            HttpResponse<String> none = http.send(
                    HttpRequest.newBuilder(admin.resolve("/decisions?after=2")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(none.body()).isEmpty();
            assertThat(none.headers().firstValue("Egress-Sequence")).hasValue("2");
            assertThat(http.send(
                                    HttpRequest.newBuilder(admin.resolve("/decisions?after=x"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(400);
        }
    }
}
