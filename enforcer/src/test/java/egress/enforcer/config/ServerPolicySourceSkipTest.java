package egress.enforcer.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import egress.enforcer.observe.Metrics;
import egress.fixtures.GuideManifests;
import egress.policy.model.Engine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A designer server's export over a real HTTP socket (the JDK's server standing in for {@code egress serve}):
 * an object that would not be admitted is left out and reported while the rest applies, and a server that
 * goes away leaves the snapshot stale, which readiness reports.
 */
class ServerPolicySourceSkipTest {
    private static final String GOOD = GuideManifests.HTTPBIN_80;

    @Test
    @DisplayName("a bad object in the export is skipped and reported; an unreachable server makes the snapshot stale")
    void badObjectSkippedAndStaleReported() throws Exception {
        AtomicReference<String> export = new AtomicReference<>(GOOD + "---\n"
                + GOOD.replace("name: httpbin-80", "name: broken").replace("number: 80", "number: eighty"));
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/api/workspace/export", x -> {
            byte[] body = export.get().getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(
                    "Bearer t".equals(x.getRequestHeaders().getFirst("Authorization")) ? 200 : 401, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        http.start();
        Metrics metrics = new Metrics();
        ServerPolicySource source = new ServerPolicySource(
                URI.create("http://127.0.0.1:" + http.getAddress().getPort()), "t", Engine.OSM, metrics);
        try {
            assertThat(source.poll()).isTrue();
            assertThat(source.get().policies().policyCount())
                    .as("the good Egress applies")
                    .isEqualTo(1);
            Readiness ready = source.readiness();
            assertThat(ready.ready()).isTrue();
            assertThat(ready.text()).contains("skipped: ", "broken", "would not be admitted");
            assertThat(metrics.render()).contains("egress_policy_rejected_objects 1\n");

            http.stop(0);
            assertThat(source.poll()).isFalse();
            Readiness stale = source.readiness();
            assertThat(stale.ready()).isFalse();
            assertThat(stale.text()).startsWith("policy snapshot 1 is stale: the last load failed: cannot reach ");
            assertThat(metrics.render()).contains("egress_policy_snapshot_stale 1\n");
        } finally {
            source.close();
            http.stop(0);
        }
    }
}
