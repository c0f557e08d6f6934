package egress.enforcer.netty;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.observe.TrialMetrics;
import egress.fixtures.Curl;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --report-only} with real sockets and curl: what the policies refuse is forwarded to where it was going and
 * logged and counted as a refusal not carried out, except where the enforcer never connects (its own listeners, a
 * special address nobody named, a destination that does not resolve).
 */
class ReportOnlyTest {
    private static final DestinationResolver RESOLVER = DestinationResolver.withLookup(name -> {
        if (name.equals("gone.test")) {
            throw new UnknownHostException(name);
        }
        return InetAddress.getAllByName(name);
    });

    private static ProxyFixture reportOnly() throws Exception {
        return new ProxyFixture(
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                c -> c.withResolver(RESOLVER)
                        .withTrial(new DecisionTrial(true, null, new TrialMetrics(c.metrics(), true, null))));
    }

    private static String lineFor(List<String> lines, String host) {
        return lines.stream()
                .filter(l -> l.contains("\"host\":\"" + host + "\""))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aRequestThePoliciesRefuseIsForwardedAndItsLineAndMetricsSaySo() throws Exception {
        try (ProxyFixture f = reportOnly()) {
            f.apply(ProxyFixture.egress("httpbin-80", "httpbin.org", 80, "http", "status-only") + "---\n"
                    + ProxyFixture.routeGroup("status-only", "/status/.*"));
            // refused by route (404): forwarded, the upstream answers
            Curl.Result route = Curl.run(
                    "-s", "-o", "/dev/null", "-w", "%{http_code}", "-x", f.proxyUrl(), "http://httpbin.org/get");
            assertThat(route.out()).isEqualTo("200");
            // refused over TLS (no policy on 443): the tunnel is forwarded and the handshake completes
            Curl.Result tls = Curl.run(
                    "-sk", "-o", "/dev/null", "-w", "%{http_code}", "-x", f.proxyUrl(), "https://httpbin.org/get");
            assertThat(tls.exit()).isZero();
            assertThat(tls.out()).isEqualTo("200");
            List<String> lines = f.awaitAccessLines(2);
            String http = lines.stream()
                    .filter(l -> l.contains("\"protocol\":\"http\""))
                    .findFirst()
                    .orElseThrow();
            assertThat(http)
                    .contains("\"verdict\":\"deny\",\"signal\":\"http-404\",\"policy\":\"curl/httpbin-80\"")
                    .contains("\"enforced\":false")
                    .contains("\"status\":200");
            String tunnel = lines.stream()
                    .filter(l -> l.contains("\"protocol\":\"tls\""))
                    .findFirst()
                    .orElseThrow();
            assertThat(tunnel).contains("\"verdict\":\"deny\"", "\"enforced\":false", "\"sni\":\"httpbin.org\"");
            assertThat(f.metrics.render())
                    .contains(
                            "egress_report_only_would_refuse_total{signal=\"http-404\",policy=\"curl/httpbin-80\"} 1\n")
                    .contains("egress_decisions_total{verdict=\"deny\",signal=\"http-404\",policy=\"curl/httpbin-80\","
                            + "host=\"httpbin.org\"} 1\n")
                    .containsPattern(
                            "egress_report_only_would_refuse_total\\{signal=\"connection-[a-z]+\",policy=\"\"} 1\n");
        }
    }

    @Test
    void theEnforcersOwnListenersUnnamedSpecialAddressesAndUnresolvableNamesAreStillRefused() throws Exception {
        try (ProxyFixture f = reportOnly()) {
            f.apply(ProxyFixture.egress("any-80", null, 80, "http", null)); // port 80 open to every host
            f.clearLog();
            assertThat(Curl.run(
                                    "-s",
                                    "-o",
                                    "/dev/null",
                                    "-w",
                                    "%{http_code}",
                                    "-x",
                                    f.proxyUrl(),
                                    "http://127.0.0.1:" + f.proxy.port() + "/")
                            .out())
                    .isEqualTo("403");
            assertThat(Curl.run(
                                    "-s",
                                    "-o",
                                    "/dev/null",
                                    "-w",
                                    "%{http_code}",
                                    "-x",
                                    f.proxyUrl(),
                                    "http://127.0.0.2:" + f.upstreams.httpPort() + "/get")
                            .out())
                    .isEqualTo("403");
            // refused by the policies (another host on port 80), but no address to forward to: refused as they say
            f.apply(ProxyFixture.egress("httpbin-80", "httpbin.org", 80, "http", null));
            Curl.Result gone =
                    Curl.run("-s", "-o", "/dev/null", "-w", "%{http_code}", "-x", f.proxyUrl(), "http://gone.test/");
            assertThat(gone.out()).isEqualTo("404");
            List<String> lines = f.awaitAccessLines(3);
            assertThat(lines)
                    .allSatisfy(
                            l -> assertThat(l).contains("\"verdict\":\"deny\"").doesNotContain("enforced"));
            assertThat(lineFor(lines, "127.0.0.2")).contains("is a loopback address");
            assertThat(f.metrics.render()).doesNotContain("egress_report_only_would_refuse_total{");
        }
    }

    @Test
    void withoutReportOnlyTheSameRequestIsRefused() throws Exception {
        try (ProxyFixture f = new ProxyFixture()) {
            f.apply(ProxyFixture.egress("httpbin-80", "httpbin.org", 80, "http", "status-only") + "---\n"
                    + ProxyFixture.routeGroup("status-only", "/status/.*"));
            assertThat(Curl.run(
                                    "-s",
                                    "-o",
                                    "/dev/null",
                                    "-w",
                                    "%{http_code}",
                                    "-x",
                                    f.proxyUrl(),
                                    "http://httpbin.org/get")
                            .out())
                    .isEqualTo("404");
            assertThat(f.awaitAccessLines(1).get(0)).doesNotContain("enforced");
            assertThat(f.metrics.render()).doesNotContain("egress_report_only");
        }
    }
}
