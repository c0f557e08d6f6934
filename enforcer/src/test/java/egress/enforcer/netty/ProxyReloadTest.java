package egress.enforcer.netty;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.config.FilePolicySource;
import egress.enforcer.config.HostsTable;
import egress.enforcer.observe.AccessLog;
import egress.enforcer.observe.Metrics;
import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.Await;
import egress.fixtures.Curl;
import egress.policy.model.Engine;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live policies behind a running proxy: new connections see the new snapshot, open ones keep theirs. */
class ProxyReloadTest {
    @TempDir
    Path dir;

    @Test
    void reloadDuringALongDownloadLetsItFinishAndAppliesToTheNextConnection() throws Exception {
        Path file = dir.resolve("egress.yaml");
        Files.writeString(file, ProxyFixture.egress("httpbin-80", "httpbin.org", 80, "http", null));
        Metrics metrics = new Metrics();
        try (Upstreams up = Upstreams.start("127.0.0.1", 0, -1, -1);
                FilePolicySource source = new FilePolicySource(List.of(dir), Engine.OSM, metrics)) {
            source.reload();
            source.watch(50);
            HostsTable hosts = HostsTable.parse(List.of("httpbin.org:80:127.0.0.1:" + up.httpPort()));
            ProxyContext ctx = ProxyContext.of(ProxyFixture.CURL, source, hosts, new AccessLog(), metrics);
            try (EgressProxy proxy = EgressProxy.start(ctx, new InetSocketAddress("127.0.0.1", 0))) {
                String p = "http://127.0.0.1:" + proxy.port();
                CompletableFuture<Curl.Result> download = CompletableFuture.supplyAsync(() -> {
                    try {
                        return Curl.run(
                                "-s", "-x", p, "-w", " %{http_code}", "http://httpbin.org/drip?numbytes=10&duration=2");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Await.until(
                        "the download is allowed and connected upstream under snapshot 1",
                        Duration.ofSeconds(60),
                        () -> metrics.render().contains("\negress_upstream_connect_seconds_count 1\n"));
                Files.writeString(file, "");
                Await.until(
                        "the emptied file is loaded as snapshot 2",
                        Duration.ofSeconds(60),
                        () -> source.get().version() >= 2);
                assertThat(source.get().version()).isEqualTo(2);
                assertThat(download).isNotDone();
                assertThat(Curl.run("-s", "-x", p, "http://httpbin.org/get").exit())
                        .isEqualTo(52);
                assertThat(download.get(10, TimeUnit.SECONDS).out()).isEqualTo("********** 200");
            }
        }
    }

    @Test
    void aBrokenReloadKeepsServingTheOldPolicies() throws Exception {
        Path file = dir.resolve("egress.yaml");
        Files.writeString(file, ProxyFixture.egress("httpbin-80", "httpbin.org", 80, "http", null));
        Metrics metrics = new Metrics();
        try (Upstreams up = Upstreams.start("127.0.0.1", 0, -1, -1);
                FilePolicySource source = new FilePolicySource(List.of(file), Engine.OSM, metrics)) {
            source.reload();
            Files.writeString(file, "spec: [broken\n");
            assertThat(source.reload()).isFalse();
            HostsTable hosts = HostsTable.parse(List.of("httpbin.org:80:127.0.0.1:" + up.httpPort()));
            ProxyContext ctx = ProxyContext.of(ProxyFixture.CURL, source, hosts, new AccessLog(), metrics);
            try (EgressProxy proxy = EgressProxy.start(ctx, new InetSocketAddress("127.0.0.1", 0))) {
                Curl.Result r = Curl.run("-sI", "-x", "http://127.0.0.1:" + proxy.port(), "http://httpbin.org/get");
                assertThat(r.out()).startsWith("HTTP/1.1 200 OK");
            }
        }
    }
}
