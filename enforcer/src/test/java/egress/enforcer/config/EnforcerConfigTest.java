package egress.enforcer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults and the options added for the enforcer's lifecycle: bind addresses, the server token, the limits. */
class EnforcerConfigTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("on a workstation the proxy and admin ports listen on loopback unless 0.0.0.0 is asked for")
    void listenersDefaultToLoopback() {
        EnforcerConfig c = EnforcerConfig.parse(List.of("-f", "x", "--identity", "curl/curl"));
        assertThat(c.listeners().get(0).address().getAddress().isLoopbackAddress())
                .isTrue();
        assertThat(c.listeners().get(0).address().getPort()).isEqualTo(EnforcerConfig.DEFAULT_PROXY_PORT);
        assertThat(c.admin().getAddress().isLoopbackAddress()).isTrue();
        assertThat(c.admin().getPort()).isEqualTo(EnforcerConfig.DEFAULT_ADMIN_PORT);
        EnforcerConfig everywhere = EnforcerConfig.parse(
                List.of("-f", "x", "--identity", "curl/curl", "--listen", "0.0.0.0:15001", "--admin", "0.0.0.0:15000"));
        assertThat(everywhere.listeners().get(0).address().getAddress().isAnyLocalAddress())
                .isTrue();
        assertThat(everywhere.admin().getAddress().isAnyLocalAddress()).isTrue();
    }

    @Test
    @DisplayName("the designer server's token comes from a file or $EGRESS_TOKEN, so ps does not show it")
    void tokenFromFileOrEnvironment() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "s3cret\n");
        List<String> server = List.of("--server", "http://127.0.0.1:7080", "--identity", "curl/curl");
        assertThat(EnforcerConfig.parse(concat(server, "--token-file", file.toString()), Map.of())
                        .server()
                        .token())
                .isEqualTo("s3cret");
        assertThat(EnforcerConfig.parse(server, Map.of("EGRESS_TOKEN", "from-env"))
                        .server()
                        .token())
                .isEqualTo("from-env");
        assertThat(EnforcerConfig.parse(concat(server, "--token-file", file.toString()), Map.of("EGRESS_TOKEN", "env"))
                        .server()
                        .token())
                .as("an explicit file wins over the environment")
                .isEqualTo("s3cret");
        assertThat(EnforcerConfig.parse(concat(server, "--token", "visible"), Map.of())
                        .server()
                        .token())
                .as("--token still works (with a warning)")
                .isEqualTo("visible");
        assertThatThrownBy(() -> EnforcerConfig.parse(server, Map.of()))
                .hasMessage("--server URL needs the token egress serve prints: --token-file FILE or $EGRESS_TOKEN");
        Files.writeString(file, "  \n");
        assertThatThrownBy(() -> EnforcerConfig.parse(concat(server, "--token-file", file.toString()), Map.of()))
                .hasMessage(file + ": --token-file is empty");
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> EnforcerConfig.parse(concat(server, "--token-file", missing.toString()), Map.of()))
                .hasMessageStartingWith("cannot read --token-file " + missing + ": ");
        assertThatThrownBy(() ->
                        EnforcerConfig.parse(concat(server, "--token", "a", "--token-file", file.toString()), Map.of()))
                .hasMessage("--token and --token-file exclude each other");
    }

    @Test
    @DisplayName("every timeout and the metrics host cap have flags; bad values are named")
    void limits() {
        EnforcerConfig c = EnforcerConfig.parse(List.of(
                "-f",
                "x",
                "--identity",
                "curl/curl",
                "--request-body-timeout-ms",
                "1000",
                "--response-timeout-ms",
                "2000",
                "--response-idle-timeout-ms",
                "3000",
                "--tunnel-idle-timeout-ms",
                "4000",
                "--max-connection-age-ms",
                "0",
                "--revoke-drain-ms",
                "500",
                "--metrics-max-hosts",
                "10"));
        assertThat(c.limits())
                .isEqualTo(new Limits(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(4),
                        Duration.ZERO,
                        Duration.ofMillis(500),
                        10));
        assertThat(EnforcerConfig.parse(List.of("-f", "x", "--identity", "curl/curl"))
                        .limits())
                .isEqualTo(Limits.DEFAULTS);
        assertThatThrownBy(() ->
                        EnforcerConfig.parse(List.of("-f", "x", "--identity", "a/b", "--tunnel-idle-timeout-ms", "-1")))
                .hasMessage("--tunnel-idle-timeout-ms expects a whole number, 0 or more, got '-1'");
    }

    private static List<String> concat(List<String> a, String... more) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(List.of(more));
        return out;
    }
}
