package egress.enforcer.netty;

import static org.assertj.core.api.Assertions.assertThat;

import egress.fixtures.Curl;
import egress.policy.model.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pipy engine's signals, which the osm engine never gives: 403, reset, forwarding to a policy host. */
class ProxyPipyTest {
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
    void clear() throws Exception {
        f.clearLog();
    }

    @Test
    void refusedHttpHostGets403AccessDenied() throws Exception {
        f.apply(ProxyFixture.egress("httpbin-80", "example.org", 80, "http", null), Engine.PIPY);
        Curl.Result r = Curl.run("-si", "-x", f.proxyUrl(), "http://httpbin.org/get");
        assertThat(r.out())
                .startsWith("HTTP/1.1 403 Forbidden")
                .endsWith("\r\n\r\nAccess denied")
                .contains("x-egress-decision: deny; policy=none; signal=http-403");
    }

    @Test
    void httpsPolicyWithoutHostsResetsTheTunnel() throws Exception {
        f.apply(ProxyFixture.egress("https-any", null, 443, "https", null), Engine.PIPY);
        Curl.Result r = Curl.run("-skI", "-x", f.proxyUrl(), "https://httpbin.org/get");
        assertThat(r.exit()).isEqualTo(35);
        assertThat(r.err()).isEmpty();
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("CONNECT httpbin.org:443 HTTP/1.1\r\nHost: httpbin.org:443\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 200 Connection established");
            c.send(egress.enforcer.tls.ClientHelloBytes.of("httpbin.org"));
            assertThat(c.readToEnd()).isEqualTo("RESET");
        }
        assertThat(f.awaitAccessLines(2)).allMatch(l -> l.contains("\"signal\":\"connection-reset\""));
    }

    @Test
    void httpsIsForwardedToThePolicyHostWhateverTheServerName() throws Exception {
        f.apply(ProxyFixture.egress("httpbin-443", "httpbin.org", 443, "https", null), Engine.PIPY);
        Curl.Result r = Curl.run("-skI", "-x", f.proxyUrl(), "https://openservicemesh.io/");
        assertThat(r.exit()).isZero();
        assertThat(f.awaitAccessLines(1))
                .singleElement()
                .asString()
                .contains("\"signal\":\"forwarded-to-policy-host\"", "\"sni\":\"openservicemesh.io\"");
    }
}
