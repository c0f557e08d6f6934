package egress.enforcer;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.config.EnforcerConfig;
import egress.enforcer.observe.AccessLog;
import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.Await;
import egress.fixtures.Curl;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code egress enforce --report-only} end to end: a pod with no outbound configuration at all (connection-refused,
 * a sidecar listener that would not even be bound) is forwarded, logged and counted; readiness is unchanged.
 */
class ReportOnlyEnforcerTest {
    @TempDir
    Path dir;

    @Test
    void aSidecarListenerWithNoOutboundConfigurationIsBoundAndForwardsWhatItWouldRefuse() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> lines = new CopyOnWriteArrayList<>();
        try (Upstreams up = Upstreams.start("127.0.0.1", 0, 0, -1);
                Enforcer e = Enforcer.start(
                        EnforcerConfig.parse(List.of(
                                "-f",
                                dir.toString(),
                                "--identity",
                                "curl/curl",
                                "--listen",
                                "127.0.0.1:" + port,
                                "--admin",
                                "127.0.0.1:0",
                                "--sidecar-listener",
                                "--report-only",
                                "--connect-to",
                                "httpbin.org:80:127.0.0.1:" + up.httpPort(),
                                "--connect-to",
                                "httpbin.org:443:127.0.0.1:" + up.httpsPort())),
                        new AccessLog(lines::add))) {
            String proxy = "http://127.0.0.1:" + port;
            // without --report-only: curl exit 7 (nothing listens), see EnforcerTest
            assertThat(Curl.run("-s", "-o", "/dev/null", "-w", "%{http_code}", "-x", proxy, "http://httpbin.org/get")
                            .out())
                    .isEqualTo("200");
            Curl.Result tls =
                    Curl.run("-sk", "-o", "/dev/null", "-w", "%{http_code}", "-x", proxy, "https://httpbin.org/get");
            assertThat(tls.exit()).isZero();
            assertThat(tls.out()).isEqualTo("200");
            Await.until("both access lines", java.time.Duration.ofSeconds(60), () -> lines.size() >= 2);
            assertThat(lines)
                    .allSatisfy(l -> assertThat(l)
                            .contains(
                                    "\"verdict\":\"deny\"", "\"signal\":\"connection-refused\"", "\"enforced\":false"));
            String admin = "http://127.0.0.1:" + e.adminPort();
            assertThat(Curl.run("-s", admin + "/metrics").out())
                    .contains("egress_report_only_would_refuse_total{signal=\"connection-refused\",policy=\"\"} 2\n");
            assertThat(Curl.run("-s", "-o", "/dev/null", "-w", "%{http_code}", admin + "/ready")
                            .out())
                    .isEqualTo("200");
        }
    }
}
