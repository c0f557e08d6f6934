package egress.enforcer.netty;

import static org.assertj.core.api.Assertions.assertThat;

import egress.fixtures.Curl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guide's walkthrough, in proxy mode, with the real curl. */
class ProxyWalkthroughTest {
    private static ProxyFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ProxyFixture();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @BeforeEach
    void noPolicies() throws Exception {
        f.apply("");
        f.clearLog();
    }

    private static Curl.Result curl(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "-x";
        all[1] = f.proxyUrl();
        System.arraycopy(args, 0, all, 2, args.length);
        return Curl.run(all);
    }

    @Test
    void withoutAnyPolicyHttpIsRefusedWithAnEmptyReply() throws Exception {
        Curl.Result r = curl("-sI", "http://httpbin.org:80/get");
        assertThat(r.exit()).isEqualTo(52);
        assertThat(f.awaitAccessLines(1))
                .singleElement()
                .asString()
                .contains("\"verdict\":\"deny\"", "\"signal\":\"connection-refused\"", "\"source\":\"curl/curl\"");
    }

    @Test
    void withoutAnyPolicyConnectIsAbortedWithoutAReply() throws Exception {
        Curl.Result r = curl("-skI", "https://httpbin.org/get");
        assertThat(r.exit()).isEqualTo(56);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void httpPolicyAllowsTheHost() throws Exception {
        f.apply(ProxyFixture.egress("httpbin-80", "httpbin.org", 80, "http", null));
        Curl.Result r = curl("-sI", "http://httpbin.org:80/get");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("HTTP/1.1 200 OK").contains("server: gunicorn/19.9.0");
        assertThat(f.awaitAccessLines(1))
                .singleElement()
                .asString()
                .contains(
                        "\"verdict\":\"allow\"",
                        "\"policy\":\"curl/httpbin-80\"",
                        "\"ip\":\"127.0.0.1\"",
                        "\"status\":200",
                        "\"path\":\"/get\"");
    }

    @Test
    void httpPolicyRefusesAnotherHostWith404() throws Exception {
        f.apply(ProxyFixture.egress("httpbin-80", "example.org", 80, "http", null));
        Curl.Result r = curl("-si", "http://httpbin.org:80/get");
        assertThat(r.out())
                .startsWith("HTTP/1.1 404 Not Found")
                .contains("x-egress-decision: deny; policy=none; signal=http-404");
    }

    @Test
    void routeGroupAllowsGetButNotStatus() throws Exception {
        f.apply(ProxyFixture.routeGroup("egress-http-route", "/get") + "---\n"
                + ProxyFixture.egress("httpbin-80", "httpbin.org", 80, "http", "egress-http-route"));
        assertThat(curl("-sI", "http://httpbin.org:80/get").out()).startsWith("HTTP/1.1 200 OK");
        Curl.Result denied = curl("-sI", "http://httpbin.org:80/status/200");
        assertThat(denied.out())
                .startsWith("HTTP/1.1 404 Not Found")
                .contains("x-egress-decision: deny; policy=curl/httpbin-80");
    }

    @Test
    void keepAliveConnectionGetsADecisionPerRequest() throws Exception {
        f.apply(ProxyFixture.routeGroup("egress-http-route", "/get") + "---\n"
                + ProxyFixture.egress("httpbin-80", "httpbin.org", 80, "http", "egress-http-route"));
        Curl.Result r = curl(
                "-s",
                "-w",
                "%{http_code} %{num_connects}\\n",
                "-o",
                "/dev/null",
                "http://httpbin.org/get",
                "-o",
                "/dev/null",
                "http://httpbin.org/status/200",
                "-o",
                "/dev/null",
                "http://httpbin.org/get");
        assertThat(r.out()).isEqualTo("200 1\n404 0\n200 0\n");
        assertThat(f.awaitAccessLines(3)).hasSize(3);
    }

    @Test
    void httpsPolicyAllowsTheServerNameThroughConnect() throws Exception {
        f.apply(ProxyFixture.egress("httpbin-443", "httpbin.org", 443, "https", null));
        Curl.Result r = curl("-skI", "https://httpbin.org:443/get");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .startsWith("HTTP/1.1 200 Connection established\r\n")
                .contains("\r\n\r\nHTTP/1.1 200 OK\r\n")
                .contains("server: gunicorn/19.9.0");
        assertThat(f.awaitAccessLines(1))
                .singleElement()
                .asString()
                .contains("\"protocol\":\"tls\"", "\"sni\":\"httpbin.org\"", "\"verdict\":\"allow\"");
    }

    @Test
    void httpsPolicyClosesATunnelForAnotherServerName() throws Exception {
        f.apply(ProxyFixture.egress("httpbin-443", "httpbin.org", 443, "https", null));
        Curl.Result r = curl("-skI", "https://openservicemesh.io:443");
        assertThat(r.exit()).isEqualTo(35);
        assertThat(f.awaitAccessLines(1))
                .singleElement()
                .asString()
                .contains("\"sni\":\"openservicemesh.io\"", "\"signal\":\"connection-closed\"");
    }

    @Test
    void tcpPolicyAllowsAnyServerNameOnThePort() throws Exception {
        f.apply(ProxyFixture.egress("tcp-443", null, 443, "tcp", null));
        Curl.Result r = curl("-skI", "https://openservicemesh.io:443");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .startsWith("HTTP/1.1 200 Connection established\r\n")
                .contains("\r\n\r\nHTTP/1.1 200 OK\r\n");
    }

    @Test
    void tcpServerFirstPortRelaysTheBannerWithoutSniffing() throws Exception {
        f.apply(ProxyFixture.egress("smtp", null, 25, "tcp-server-first", null));
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("CONNECT mail.example:25 HTTP/1.1\r\nHost: mail.example:25\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 200 Connection established\r\n");
            assertThat(c.readExactly(36)).isEqualTo("220 egress-designer upstream ready\r\n");
            c.send("QUIT\r\n");
            assertThat(c.readExactly(6)).isEqualTo("QUIT\r\n");
        }
        assertThat(f.awaitAccessLines(1)).singleElement().asString().contains("\"protocol\":\"tcp-server-first\"");
    }

    @Test
    void largeBodiesArriveWholeThroughHttpAndThroughATlsTunnel() throws Exception {
        f.apply(ProxyFixture.egress("httpbin-80", "httpbin.org", 80, "http", null) + "---\n"
                + ProxyFixture.egress("httpbin-443", "httpbin.org", 443, "https", null));
        Curl.Result http = curl(
                "-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download}", "http://httpbin.org/bytes/20000000");
        assertThat(http.out()).isEqualTo("200 20000000");
        Curl.Result https = curl(
                "-sk",
                "--limit-rate",
                "20M",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code} %{size_download}",
                "https://httpbin.org/bytes/20000000");
        assertThat(https.out()).isEqualTo("200 20000000");
        assertThat(f.awaitAccessLines(2)).anySatisfy(l -> assertThat(l).contains("\"bytes_down\":2000"));
    }
}
