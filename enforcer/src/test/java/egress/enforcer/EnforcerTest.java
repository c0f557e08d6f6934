package egress.enforcer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import egress.enforcer.config.EnforcerConfig;
import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.Await;
import egress.fixtures.Curl;
import egress.fixtures.GuideManifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry points the cli calls, end to end with curl. */
class EnforcerTest {
    private static final String EGRESS = GuideManifests.HTTPBIN_80;

    @TempDir
    Path dir;

    private static EnforcerConfig config(Path resources, int httpPort) {
        return EnforcerConfig.parse(List.of(
                "-f",
                resources.toString(),
                "--identity",
                "curl/curl",
                "--listen",
                "127.0.0.1:0",
                "--admin",
                "127.0.0.1:0",
                "--connect-to",
                "httpbin.org:80:127.0.0.1:" + httpPort));
    }

    @Test
    void enforcesThePoliciesAndReportsThemOnTheAdminPort() throws Exception {
        Files.writeString(dir.resolve("egress.yaml"), EGRESS);
        try (Upstreams up = Upstreams.start("127.0.0.1", 0, -1, -1);
                Enforcer e = Enforcer.start(config(dir, up.httpPort()))) {
            String proxy = "http://127.0.0.1:" + e.proxyPorts().get(0);
            assertThat(Curl.run("-si", "-x", proxy, "http://httpbin.org/get").out())
                    .startsWith("HTTP/1.1 200 OK");
            assertThat(Curl.run("-sI", "-x", proxy, "http://example.org/get").out())
                    .startsWith("HTTP/1.1 404");
            String admin = "http://127.0.0.1:" + e.adminPort();
            assertThat(Curl.run("-s", "-o", "/dev/null", "-w", "%{http_code}", admin + "/ready")
                            .out())
                    .isEqualTo("200");
            String metrics = Curl.run("-s", admin + "/metrics").out();
            assertThat(metrics)
                    .contains(
                            "egress_decisions_total{verdict=\"allow\",signal=\"forwarded\",policy=\"curl/httpbin-80\","
                                    + "host=\"httpbin.org\"} 1\n")
                    .contains(
                            "egress_decisions_total{verdict=\"deny\",signal=\"http-404\",policy=\"\",host=\"example.org\"} 1\n")
                    .contains("egress_policy_snapshot_version 1\n", "egress_upstream_connect_seconds_count 1\n")
                    .containsPattern("egress_bytes_total\\{direction=\"down\"} [1-9]");
        }
    }

    @Test
    void aSidecarLikeListenerRefusesUntilThePodHasOutboundConfigurationAsInTheGuide() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (Upstreams up = Upstreams.start("127.0.0.1", 0, -1, -1);
                Enforcer e = Enforcer.start(EnforcerConfig.parse(List.of(
                        "-f",
                        dir.toString(),
                        "--identity",
                        "curl/curl",
                        "--listen",
                        "127.0.0.1:" + port,
                        "--admin",
                        "off",
                        "--sidecar-listener",
                        "--connect-to",
                        "httpbin.org:80:127.0.0.1:" + up.httpPort())))) {
            String proxy = "http://127.0.0.1:" + port;
            assertThat(Curl.run("-sI", "-x", proxy, "http://httpbin.org:80/get").exit())
                    .isEqualTo(7);
            Files.writeString(dir.resolve("egress.yaml"), EGRESS);
            Curl.Result[] allowed = new Curl.Result[1];
            Await.until(
                    "the listener is bound once the policy exists",
                    Duration.ofSeconds(60),
                    () -> (allowed[0] = Curl.run("-sI", "-x", proxy, "http://httpbin.org:80/get")).exit() != 7);
            assertThat(allowed[0].out()).startsWith("HTTP/1.1 200 OK");
            Files.delete(dir.resolve("egress.yaml"));
            Await.until(
                    "the listener is closed once the policy is gone (curl exit 7)",
                    Duration.ofSeconds(60),
                    () -> Curl.run("-sI", "-x", proxy, "http://httpbin.org:80/get")
                                    .exit()
                            == 7);
        }
    }

    @Test
    void aFileMapsListenAddressesToIdentitiesSeveralInOneProcess() throws Exception {
        Files.writeString(dir.resolve("egress.yaml"), EGRESS);
        Path listeners = dir.resolve("listeners.txt");
        Files.writeString(listeners, "# pods and their sidecar ports\ncurl/curl@127.0.0.1:0\nshop/web 127.0.0.1:0\n");
        try (Enforcer e = Enforcer.start(EnforcerConfig.parse(List.of(
                "-f", dir.resolve("egress.yaml").toString(), "--listeners", listeners.toString(), "--admin", "off")))) {
            List<Integer> ports = e.proxyPorts();
            assertThat(ports).hasSize(2);
            assertThat(Curl.run("-sI", "-x", "http://127.0.0.1:" + ports.get(0), "http://example.org/")
                            .out())
                    .startsWith("HTTP/1.1 404"); // curl/curl has a policy on port 80: another host is refused by route
            assertThat(Curl.run("-sI", "-x", "http://127.0.0.1:" + ports.get(1), "http://example.org/")
                            .exit())
                    .isEqualTo(52); // shop/web has no outbound configuration at all
        }
        Files.writeString(listeners, "curl/curl@127.0.0.1:0\nnot-an-identity\n");
        assertThatThrownBy(() -> EnforcerConfig.parse(List.of("-f", "x", "--listeners", listeners.toString())))
                .hasMessageStartingWith(listeners + ":2: ");
    }

    @Test
    void withoutLoadablePoliciesItIsNotReadyAndRefusesEverything() throws Exception {
        try (Enforcer e = Enforcer.start(config(dir.resolve("missing"), 1))) {
            String admin = "http://127.0.0.1:" + e.adminPort();
            assertThat(Curl.run("-s", "-o", "/dev/null", "-w", "%{http_code}", admin + "/ready")
                            .out())
                    .isEqualTo("503");
            Curl.Result r =
                    Curl.run("-sI", "-x", "http://127.0.0.1:" + e.proxyPorts().get(0), "http://httpbin.org/get");
            assertThat(r.exit()).isEqualTo(52);
            assertThat(Curl.run("-s", admin + "/metrics").out()).contains("egress_policy_reload_failures_total 1\n");
        }
    }

    @Test
    void optionsAreCheckedWithMessagesAUserCanActOn() {
        assertThatThrownBy(() -> EnforcerConfig.parse(List.of("--identity", "curl/curl")))
                .hasMessage(
                        "give --resources FILE|DIR..., or --kubeconfig FILE [--context NAME], or --in-cluster, or --server URL (one of them)");
        assertThatThrownBy(() -> EnforcerConfig.parse(List.of("-f", "x", "--kubeconfig", "k", "--identity", "a/b")))
                .hasMessage(
                        "give --resources FILE|DIR..., or --kubeconfig FILE [--context NAME], or --in-cluster, or --server URL (one of them)");
        assertThatThrownBy(
                        () -> EnforcerConfig.parse(List.of("--in-cluster", "--kubeconfig", "k", "--identity", "a/b")))
                .hasMessage(
                        "give --resources FILE|DIR..., or --kubeconfig FILE [--context NAME], or --in-cluster, or --server URL (one of them)");
        assertThatThrownBy(() -> EnforcerConfig.parse(List.of("-f", "x", "--context", "c", "--identity", "a/b")))
                .hasMessage("--context needs --kubeconfig FILE");
        assertThat(EnforcerConfig.parse(List.of("--in-cluster", "--identity", "a/b"))
                        .cluster())
                .isEqualTo(new EnforcerConfig.Cluster(null, null));
        assertThatThrownBy(() -> EnforcerConfig.parse(List.of("-f", "x", "--connect-to", "a:80:b")))
                .hasMessage("--connect-to expects HOST:PORT:ADDR:PORT, got 'a:80:b'");
        assertThatThrownBy(() -> EnforcerConfig.parse(List.of("-f", "x")))
                .hasMessage("the enforcer needs at least one listener (--identity NS/SA)");
        EnforcerConfig c = EnforcerConfig.parse(List.of(
                "-f",
                "x",
                "--listener",
                "a/b@127.0.0.1:1000",
                "--listener",
                "c/d@:2000",
                "--engine",
                "pipy",
                "--admin",
                "off",
                "--no-watch"));
        assertThat(c.listeners())
                .extracting(l -> l.identity().toString() + " " + l.address().getPort())
                .containsExactly("a/b 1000", "c/d 2000");
        assertThat(c.admin()).isNull();
        assertThat(c.watch()).isFalse();
        assertThat(c.drainGrace()).isEqualTo(java.time.Duration.ofSeconds(25));
    }

    @Test
    void identityFromPodAddressesNeedsAClusterAndOneListenerWithoutAnIdentity() {
        EnforcerConfig c = EnforcerConfig.parse(List.of(
                "--in-cluster", "--identity-from", "pod-ip", "--listen", ":15001", "--drain-grace-seconds", "40"));
        assertThat(c.identityFrom()).isEqualTo(EnforcerConfig.IdentityFrom.POD_IP);
        assertThat(c.listeners()).singleElement().satisfies(l -> {
            assertThat(l.identity()).isNull();
            assertThat(l.address().getPort()).isEqualTo(15001);
        });
        assertThat(c.drainGrace()).isEqualTo(java.time.Duration.ofSeconds(40));
        assertThatThrownBy(() -> EnforcerConfig.parse(List.of("-f", "x", "--identity-from", "pod-ip")))
                .hasMessage("--identity-from pod-ip needs the cluster's pods: --kubeconfig FILE or --in-cluster");
        assertThatThrownBy(() ->
                        EnforcerConfig.parse(List.of("--in-cluster", "--identity-from", "pod-ip", "--identity", "a/b")))
                .hasMessageStartingWith("--identity-from pod-ip decides the identity per connection");
        assertThatThrownBy(() -> EnforcerConfig.parse(
                        List.of("--in-cluster", "--identity-from", "pod-ip", "--mode", "transparent")))
                .hasMessage("--identity-from pod-ip works in proxy mode only, without --sidecar-listener");
        assertThatThrownBy(() -> EnforcerConfig.parse(List.of("--in-cluster", "--identity-from", "pod")))
                .hasMessage("--identity-from expects pod-ip, got 'pod'");
        assertThatThrownBy(() ->
                        EnforcerConfig.parse(List.of("-f", "x", "--identity", "a/b", "--drain-grace-seconds", "soon")))
                .hasMessage("--drain-grace-seconds expects a whole number, 0 or more, got 'soon'");
    }
}
