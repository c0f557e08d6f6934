package egress.enforcer;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.config.EnforcerConfig;
import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.GuideManifests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of made-up host names through the real enforcer: the metrics keep a series for the first
 * {@code --metrics-max-hosts} hosts only and count the rest under one, so {@code /metrics} stays small;
 * {@code /live} answers without rendering anything.
 */
class MetricsBoundTest {
    private static final int HOSTS = 3000;
    private static final int CAP = 50;

    @TempDir
    Path dir;

    @Test
    @DisplayName("many unique refused hosts: bounded series and a bounded /metrics")
    void manyUniqueHostsKeepTheMetricsBounded() throws Exception {
        Files.writeString(dir.resolve("egress.yaml"), GuideManifests.HTTPBIN_80);
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
                        "--metrics-max-hosts",
                        String.valueOf(CAP),
                        "--connect-to",
                        ":80:127.0.0.1:" + up.httpPort())))) {
            try (Socket s = new Socket("127.0.0.1", e.proxyPorts().get(0))) {
                s.setSoTimeout(20_000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                for (int i = 0; i < HOSTS; i++) {
                    String host = "h" + i + ".example";
                    out.write(("GET http://" + host + "/ HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    assertThat(readResponse(in)).startsWith("HTTP/1.1 404");
                }
            }
            String admin = "http://127.0.0.1:" + e.adminPort();
            HttpClient http = HttpClient.newHttpClient();
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create(admin + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            long series = metrics.lines()
                    .filter(l -> l.startsWith("egress_decisions_total{"))
                    .count();
            assertThat(series)
                    .as("one series per host up to the cap, then one for all others")
                    .isEqualTo(CAP + 1);
            assertThat(metrics)
                    .contains(
                            "egress_decisions_total{verdict=\"deny\",signal=\"http-404\",policy=\"\","
                                    + "host=\"(other)\"} " + (HOSTS - CAP) + "\n",
                            "egress_metrics_hosts " + CAP + "\n");
            assertThat(metrics.length()).as("bytes of /metrics").isLessThan(16 * 1024);
            HttpResponse<String> live = http.send(
                    HttpRequest.newBuilder(URI.create(admin + "/live")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).isEqualTo("ok\n");
        }
    }

    private static final Pattern LENGTH = Pattern.compile("(?i)content-length:\\s*(\\d+)");

    /** One response with a Content-Length body (the proxy's own answers have one); returns its head. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        Matcher m = LENGTH.matcher(text);
        if (m.find()) {
            in.readNBytes(Integer.parseInt(m.group(1)));
        }
        return text;
    }
}
