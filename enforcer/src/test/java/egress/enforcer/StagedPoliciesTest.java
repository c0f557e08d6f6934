package egress.enforcer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import egress.enforcer.config.EnforcerConfig;
import egress.enforcer.config.Trial;
import egress.enforcer.observe.AccessLog;
import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.Await;
import egress.fixtures.Curl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --staged}: the live set is enforced, the staged set decided beside it on the same request; each
 * disagreement (newly refused, newly allowed, another deciding policy) is logged with both decisions and counted
 * by staged policy; agreements add nothing. End to end through {@link Enforcer#start} with curl.
 */
class StagedPoliciesTest {
    @TempDir
    Path dir;

    private static String egress(String name, String host) {
        return """
                kind: Egress
                apiVersion: policy.openservicemesh.io/v1alpha1
                metadata: {name: %s, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [%s]
                  ports: [{number: 80, protocol: http}]
                """.formatted(name, host);
    }

    /** An enforcer of {@code live} (folder live/) with {@code staged} (folder staged/) beside it, lines to {@code lines}. */
    private Enforcer start(String live, String staged, List<String> lines, String... more) throws Exception {
        Path liveDir = Files.createDirectory(dir.resolve("live"));
        Path stagedDir = Files.createDirectory(dir.resolve("staged"));
        Files.writeString(liveDir.resolve("egress.yaml"), live);
        Files.writeString(stagedDir.resolve("egress.yaml"), staged);
        List<String> args = new java.util.ArrayList<>(List.of(
                "-f",
                liveDir.toString(),
                "--staged",
                stagedDir.toString(),
                "--identity",
                "curl/curl",
                "--listen",
                "127.0.0.1:0"));
        args.addAll(List.of(more));
        return Enforcer.start(EnforcerConfig.parse(args), new AccessLog(lines::add));
    }

    private static String code(String proxy, String url) throws Exception {
        return Curl.run("-s", "-o", "/dev/null", "-w", "%{http_code}", "-x", proxy, url)
                .out();
    }

    private static String lineFor(List<String> lines, String host) throws Exception {
        Await.until(
                "the access line for " + host,
                Duration.ofSeconds(60),
                () -> lines.stream().anyMatch(l -> l.contains("\"host\":\"" + host + "\"")));
        return lines.stream()
                .filter(l -> l.contains("\"host\":\"" + host + "\""))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void disagreementsAreLoggedWithBothDecisionsAndCountedByStagedPolicy() throws Exception {
        Path staged = dir.resolve("staged");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (Upstreams up = Upstreams.start("127.0.0.1", 0, -1, -1);
                Enforcer e = start(
                        egress("httpbin-80", "httpbin.org") + "---\n" + egress("api-80", "api.test"),
                        egress("api-80", "api.test") + "---\n" + egress("example-80", "example.org"),
                        lines,
                        "--admin",
                        "127.0.0.1:0",
                        "--connect-to",
                        "::127.0.0.1:" + up.httpPort())) {
            String proxy = "http://127.0.0.1:" + e.proxyPorts().get(0);
            // the live set is the one enforced
            assertThat(code(proxy, "http://httpbin.org/get")).isEqualTo("200"); // newly refused by the staged set
            assertThat(code(proxy, "http://example.org/get")).isEqualTo("404"); // newly allowed by the staged set
            assertThat(code(proxy, "http://api.test/get")).isEqualTo("200"); // both allow, by the same policy
            assertThat(code(proxy, "http://other.test/get")).isEqualTo("404"); // both refuse
            assertThat(lineFor(lines, "httpbin.org"))
                    .contains(
                            "\"verdict\":\"allow\"",
                            "\"policy\":\"curl/httpbin-80\"",
                            "\"staged\":{\"verdict\":\"deny\",\"signal\":\"http-404\",\"policy\":null");
            assertThat(lineFor(lines, "example.org"))
                    .contains(
                            "\"verdict\":\"deny\"",
                            "\"staged\":{\"verdict\":\"allow\",\"signal\":\"forwarded\",\"policy\":\"curl/example-80\"");
            assertThat(lineFor(lines, "api.test")).doesNotContain("staged");
            assertThat(lineFor(lines, "other.test")).doesNotContain("staged");
            assertThat(lines).noneMatch(l -> l.contains("enforced"));
            String admin = "http://127.0.0.1:" + e.adminPort();
            String metrics = Curl.run("-s", admin + "/metrics").out();
            assertThat(metrics)
                    .contains("egress_staged_disagreements_total{staged_policy=\"\",live_verdict=\"allow\","
                            + "staged_verdict=\"deny\"} 1\n")
                    .contains(
                            "egress_staged_disagreements_total{staged_policy=\"curl/example-80\",live_verdict=\"deny\","
                                    + "staged_verdict=\"allow\"} 1\n")
                    .contains("egress_staged_snapshot_version 1\n")
                    .doesNotContain("egress_report_only");
            assertThat(metrics.lines().filter(l -> l.startsWith("egress_staged_disagreements_total{")))
                    .hasSize(2);

            // the staged files are followed: now example-80 also allows httpbin.org, which is another deciding policy
            Files.writeString(
                    staged.resolve("egress.yaml"),
                    egress("api-80", "api.test") + "---\n" + egress("example-80", "example.org") + "---\n"
                            + egress("httpbin-moved", "httpbin.org"));
            Await.until(
                    "the staged set is reloaded",
                    Duration.ofSeconds(60),
                    () -> Curl.run("-s", admin + "/metrics").out().contains("egress_staged_snapshot_version 2\n"));
            lines.clear();
            assertThat(code(proxy, "http://httpbin.org/get")).isEqualTo("200");
            assertThat(lineFor(lines, "httpbin.org"))
                    .contains(
                            "\"policy\":\"curl/httpbin-80\"",
                            "\"staged\":{\"verdict\":\"allow\",\"signal\":\"forwarded\",\"policy\":\"curl/httpbin-moved\"");
            assertThat(Curl.run("-s", admin + "/metrics").out())
                    .contains(
                            "egress_staged_disagreements_total{"
                                    + "staged_policy=\"curl/httpbin-moved\",live_verdict=\"allow\",staged_verdict=\"allow\"} 1\n");
            assertThat(Curl.run("-s", "-o", "/dev/null", "-w", "%{http_code}", admin + "/ready")
                            .out())
                    .isEqualTo("200");
        }
    }

    @Test
    void aTlsTunnelIsComparedByItsServerName() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        String https443 = egress("httpbin-443", "httpbin.org")
                .replace("number: 80, protocol: http", "number: 443, protocol: https");
        try (Upstreams up = Upstreams.start("127.0.0.1", -1, 0, -1);
                Enforcer e = start(
                        egress("httpbin-80", "httpbin.org"),
                        egress("httpbin-80", "httpbin.org") + "---\n" + https443,
                        lines,
                        "--admin",
                        "off",
                        "--connect-to",
                        "httpbin.org:443:127.0.0.1:" + up.httpsPort())) {
            Curl.Result tls =
                    Curl.run("-sk", "-x", "http://127.0.0.1:" + e.proxyPorts().get(0), "https://httpbin.org/get");
            assertThat(tls.exit()).as("the live set refuses the tunnel").isEqualTo(35);
            assertThat(lineFor(lines, "httpbin.org"))
                    .contains(
                            "\"protocol\":\"tls\"",
                            "\"verdict\":\"deny\"",
                            "\"staged\":{\"verdict\":\"allow\",\"signal\":\"forwarded\",\"policy\":\"curl/httpbin-443\"");
            assertThat(e.metrics().render())
                    .contains("egress_staged_disagreements_total{staged_policy=\"curl/httpbin-443\","
                            + "live_verdict=\"deny\",staged_verdict=\"allow\"} 1\n");
        }
    }

    @Test
    void aHeaderOnlyTheStagedSetTestsIsSeenByIt() throws Exception {
        // the live set tests no header; the staged set admits only x-team: blue. The enforcer copies only the
        // headers some route match tests, so it must copy the staged set's names too, or every request disagrees
        String staged = egress("httpbin-80", "httpbin.org").replace("ports:", """
                matches: [{apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: blue}]
                  ports:""") + """
                ---
                kind: HTTPRouteGroup
                apiVersion: specs.smi-spec.io/v1alpha4
                metadata: {name: blue, namespace: curl}
                spec:
                  matches: [{name: blue, pathRegex: '/.*', methods: ['*'], headers: [{x-team: blue}]}]
                """;
        List<String> lines = new CopyOnWriteArrayList<>();
        try (Upstreams up = Upstreams.start("127.0.0.1", 0, -1, -1);
                Enforcer e = start(
                        egress("httpbin-80", "httpbin.org"),
                        staged,
                        lines,
                        "--admin",
                        "off",
                        "--connect-to",
                        "::127.0.0.1:" + up.httpPort())) {
            String proxy = "http://127.0.0.1:" + e.proxyPorts().get(0);
            Curl.status("-x", proxy, "-H", "X-Team: blue", "http://httpbin.org/get");
            Curl.status("-x", proxy, "-H", "X-Team: red", "http://httpbin.org/anything");
            Await.until("two access lines", Duration.ofSeconds(60), () -> lines.size() >= 2);
            assertThat(lines.get(0)).contains("\"path\":\"/get\"").doesNotContain("\"staged\"");
            assertThat(lines.get(1)).contains("\"path\":\"/anything\"").contains("\"staged\":{\"verdict\":\"deny\"");
        }
    }

    @Test
    void theFlagsAreParsedAndAMissingStagedPathIsAnError() throws Exception {
        Path a = Files.writeString(dir.resolve("a.yaml"), "");
        EnforcerConfig c = EnforcerConfig.parse(List.of(
                "-f",
                "live",
                "--identity",
                "curl/curl",
                "--report-only",
                "--staged",
                a.toString(),
                "--staged",
                dir.toString()));
        assertThat(c.trial()).isEqualTo(new Trial(true, List.of(a, dir), null, null));
        assertThat(EnforcerConfig.parse(List.of("-f", "live", "--identity", "curl/curl"))
                        .trial())
                .isEqualTo(Trial.OFF);
        assertThatThrownBy(() -> EnforcerConfig.parse(List.of(
                        "-f",
                        "live",
                        "--identity",
                        "curl/curl",
                        "--staged",
                        dir.resolve("nope").toString())))
                .hasMessage("--staged " + dir.resolve("nope") + ": no such file or folder");
    }
}
