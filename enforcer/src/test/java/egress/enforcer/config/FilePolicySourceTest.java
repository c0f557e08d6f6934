package egress.enforcer.config;

import static egress.fixtures.GuideManifests.httpbin80;
import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.observe.Metrics;
import egress.fixtures.Await;
import egress.policy.match.EgressRequest;
import egress.policy.match.Ipv4;
import egress.policy.match.Signal;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePolicySourceTest {
    private static final Identity CURL = new Identity("curl", "curl");

    @TempDir
    Path dir;

    private final Metrics metrics = new Metrics();
    private FilePolicySource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    private static Signal signal(PolicySnapshot s, String host) {
        return s.policies()
                .decide(EgressRequest.http(CURL, Ipv4.parse("1.2.3.4"), 80, host, "GET", "/get", Map.of()))
                .signal();
    }

    @Test
    void beforeTheFirstLoadEveryoneIsRefused() {
        source = new FilePolicySource(List.of(dir.resolve("missing.yaml")), Engine.OSM, metrics);
        assertThat(source.get().loaded()).isFalse();
        assertThat(signal(source.get(), "httpbin.org")).isEqualTo(Signal.CONNECTION_REFUSED);
        assertThat(source.reload()).isFalse();
        assertThat(source.get().version()).isZero();
    }

    @Test
    void loadsEveryManifestOfAFolder() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), httpbin80("httpbin.org"));
        source = new FilePolicySource(List.of(dir), Engine.OSM, metrics);
        assertThat(source.reload()).isTrue();
        assertThat(source.get().version()).isEqualTo(1);
        assertThat(signal(source.get(), "httpbin.org")).isEqualTo(Signal.FORWARDED);
        assertThat(metrics.render()).contains("egress_policy_snapshot_version 1\n", "egress_policy_reloads_total 1\n");
    }

    @Test
    void aBrokenFileKeepsTheLastGoodSnapshot() throws Exception {
        Path file = dir.resolve("a.yaml");
        Files.writeString(file, httpbin80("httpbin.org"));
        source = new FilePolicySource(List.of(file), Engine.OSM, metrics);
        source.reload();
        Files.writeString(file, "kind: Egress\n  metadata: [unclosed\n");
        assertThat(source.reload()).isFalse();
        assertThat(source.get().version()).isEqualTo(1);
        assertThat(signal(source.get(), "httpbin.org")).isEqualTo(Signal.FORWARDED);
        assertThat(metrics.render()).contains("egress_policy_reload_failures_total 1\n");
    }

    @Test
    void watchingReloadsAfterAFileChanges() throws Exception {
        Path file = dir.resolve("a.yaml");
        Files.writeString(file, httpbin80("httpbin.org"));
        source = new FilePolicySource(List.of(dir), Engine.OSM, metrics);
        source.reload();
        source.watch(100);
        Files.writeString(file, httpbin80("example.org"));
        awaitVersion(2);
        assertThat(signal(source.get(), "httpbin.org")).isEqualTo(Signal.HTTP_404);
        assertThat(signal(source.get(), "example.org")).isEqualTo(Signal.FORWARDED);
    }

    @Test
    void watchingAFileIgnoresItsNeighbours() throws Exception {
        Path file = dir.resolve("a.yaml");
        Files.writeString(file, httpbin80("httpbin.org"));
        source = new FilePolicySource(List.of(file), Engine.OSM, metrics);
        source.reload();
        source.watch(50);
        Files.writeString(dir.resolve("other.yaml"), "not: watched\n");
        Thread.sleep(600); // a window for a reload that must not happen (no event says "nothing happened"), not a wait
        assertThat(source.get().version()).isEqualTo(1);
        Files.writeString(file, httpbin80("example.org"));
        awaitVersion(2);
    }

    private void awaitVersion(long v) throws Exception {
        Await.until(
                "snapshot " + v + " is loaded",
                Duration.ofSeconds(60),
                () -> source.get().version() >= v);
        assertThat(source.get().version()).isEqualTo(v);
    }
}
