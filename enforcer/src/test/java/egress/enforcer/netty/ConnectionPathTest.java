package egress.enforcer.netty;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.tls.ClientHelloBytes;
import egress.fixtures.Curl;
import egress.policy.model.Engine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the proxy sends what it allowed: the server name is the destination, a decision without an upstream
 * goes nowhere, interim responses, the Host that is decided is the Host that is sent, IPv6 destinations, and a
 * ClientHello in the same write as its CONNECT. Real curl and raw sockets against the built-in upstreams.
 */
class ConnectionPathTest {
    private static ProxyFixture f;

    @TempDir
    Path dir;

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
    void aServerNameAllowedForOneHostDoesNotOpenATunnelToAnother() throws Exception {
        f.apply(ProxyFixture.egress("httpbin-443", "httpbin.org", 443, "https", null));
        // curl CONNECTs evil.test:443 and sends the server name httpbin.org, as openssl -servername would
        Curl.Result evil = Curl.run(
                "-sk",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "-x",
                f.proxyUrl(),
                "--connect-to",
                "httpbin.org:443:evil.test:443",
                "https://httpbin.org/get");
        assertThat(evil.exit()).as(evil.err()).isEqualTo(35);
        assertThat(f.awaitAccessLines(1))
                .singleElement()
                .asString()
                .contains(
                        "\"verdict\":\"deny\"",
                        "\"signal\":\"connection-closed\"",
                        "\"host\":\"evil.test\"",
                        "sni-destination-check");
        assertThat(Curl.run(
                                "-sk",
                                "-o",
                                "/dev/null",
                                "-w",
                                "%{http_code}",
                                "-x",
                                f.proxyUrl(),
                                "https://httpbin.org/get")
                        .out())
                .isEqualTo("200");
        // the issue's own reproduction: openssl through the proxy, CONNECT evil.test with the server name httpbin.org
        assertThat(openssl(
                        "-proxy",
                        "127.0.0.1:" + f.proxy.port(),
                        "-connect",
                        "evil.test:443",
                        "-servername",
                        "httpbin.org"))
                .contains("no peer certificate available")
                .doesNotContain("Server certificate");
        assertThat(openssl(
                        "-proxy",
                        "127.0.0.1:" + f.proxy.port(),
                        "-connect",
                        "httpbin.org:443",
                        "-servername",
                        "httpbin.org"))
                .contains("Server certificate");
    }

    /** Runs {@code openssl s_client} with no input, and returns what it printed (both streams). */
    private static String openssl(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("/usr/bin/openssl", "s_client"));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void withTheCheckOffTheServerNameAloneDecidesAsInOsm() throws Exception {
        try (ProxyFixture off = new ProxyFixture(
                java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(5),
                c -> c.withSniDestinationCheck(false))) {
            off.apply(ProxyFixture.egress("httpbin-443", "httpbin.org", 443, "https", null));
            assertThat(Curl.run(
                                    "-sk",
                                    "-o",
                                    "/dev/null",
                                    "-w",
                                    "%{http_code}",
                                    "-x",
                                    off.proxyUrl(),
                                    "--connect-to",
                                    "httpbin.org:443:evil.test:443",
                                    "https://httpbin.org/get")
                            .out())
                    .isEqualTo("200");
        }
    }

    @Test
    void pipysRoundRobinGoesToAPolicyHostNeverWhereTheClientAsked() throws Exception {
        // evil.test:443 leads nowhere (port 1); the policy hosts lead to the built-in https upstream
        try (ProxyFixture p = new ProxyFixture(
                java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(5),
                c -> c,
                java.util.List.of("evil.test:443:127.0.0.1:1"))) {
            p.apply(
                    ProxyFixture.egress("httpbin-443", "httpbin.org", 443, "https", null) + "---\n"
                            + ProxyFixture.egress("example-443", "example.com", 443, "https", null),
                    Engine.PIPY);
            Curl.Result tls = Curl.run(
                    "-sk", "-o", "/dev/null", "-w", "%{http_code}", "-x", p.proxyUrl(), "https://evil.test/get");
            assertThat(tls.out()).as(tls.err()).isEqualTo("200");
            try (RawClient c = new RawClient(p.proxy.port())) {
                c.send("CONNECT evil.test:443 HTTP/1.1\r\nHost: evil.test:443\r\n\r\n");
                assertThat(c.readHead()).startsWith("HTTP/1.1 200 Connection established");
                c.send("\u0000\u0001 opaque bytes, neither TLS nor HTTP\n");
                c.socket.shutdownOutput();
                c.readToEnd();
            }
            assertThat(p.awaitAccessLines(2)).allMatch(l -> l.contains("\"verdict\":\"allow\""));
            assertThat(p.metrics.render())
                    .contains("egress_upstream_connect_failures_total 0\n")
                    .contains("egress_upstream_connect_seconds_count 2\n");
        }
    }

    @Test
    void expect100ContinueGetsTheInterimAnswerThenTheFinalOne() throws Exception {
        f.apply(ProxyFixture.egress("httpbin-80", "httpbin.org", 80, "http", null));
        Path body = dir.resolve("body.txt");
        Files.writeString(body, "x".repeat(2000));
        Curl.Result r = Curl.run(
                "-si",
                "-x",
                f.proxyUrl(),
                "-H",
                "Expect: 100-continue",
                "--expect100-timeout",
                "15",
                "--data-binary",
                "@" + body,
                "http://httpbin.org/anything");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("HTTP/1.1 100 Continue").contains("HTTP/1.1 200 OK", "x".repeat(2000));
        // the connection is still in step: a second request on it gets its own answer
        Curl.Result twice = Curl.run(
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code} ",
                "-x",
                f.proxyUrl(),
                "-H",
                "Expect: 100-continue",
                "--expect100-timeout",
                "15",
                "--data-binary",
                "@" + body,
                "http://httpbin.org/anything",
                "--next",
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code} ",
                "-x",
                f.proxyUrl(),
                "http://httpbin.org/status/201");
        assertThat(twice.out()).isEqualTo("200 201 ");
        // refused: answered at once, without the 100, so curl never sends the body
        Curl.Result refused = Curl.run(
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code} %{size_upload}",
                "-x",
                f.proxyUrl(),
                "-H",
                "Expect: 100-continue",
                "--expect100-timeout",
                "15",
                "--data-binary",
                "@" + body,
                "http://example.org/anything");
        assertThat(refused.out()).isEqualTo("404 0");
    }

    @Test
    void twoHostHeadersAreRefusedWith400() throws Exception {
        f.apply(ProxyFixture.egress("httpbin-80", "httpbin.org", 80, "http", null));
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("GET http://httpbin.org/headers HTTP/1.1\r\nHost: httpbin.org\r\nHost: evil.test\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 400 Bad Request");
        }
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("CONNECT httpbin.org:80 HTTP/1.1\r\nHost: httpbin.org:80\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 200");
            c.send("GET /headers HTTP/1.1\r\nHost: httpbin.org\r\nHost: evil.test\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 400 Bad Request");
        }
    }

    @Test
    void anAbsoluteUriIsDecidedByItsAuthorityAndSentWithThatHost() throws Exception {
        f.apply(ProxyFixture.egress("allowed-80", "allowed.test", 80, "http", null));
        // allowed.test is in the Host header, but the request goes to httpbin.org: refused
        assertThat(Curl.run(
                                "-s",
                                "-o",
                                "/dev/null",
                                "-w",
                                "%{http_code}",
                                "-x",
                                f.proxyUrl(),
                                "-H",
                                "Host: allowed.test",
                                "http://httpbin.org/headers")
                        .out())
                .isEqualTo("404");
        f.apply(ProxyFixture.egress("httpbin-80", "httpbin.org", 80, "http", null));
        Curl.Result r = Curl.run("-s", "-x", f.proxyUrl(), "-H", "Host: evil.test", "http://httpbin.org/headers");
        assertThat(r.out()).contains("\"Host\": \"httpbin.org\"").doesNotContain("evil.test");
    }

    @Test
    void anIpv6DestinationIsDecidedAsItselfNotAs0000() throws Exception {
        f.apply("""
                kind: Egress
                apiVersion: policy.openservicemesh.io/v1alpha1
                metadata: {name: any-ipv4-9001, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  ipAddresses: [0.0.0.0/0]
                  ports: [{number: 9001, protocol: tcp}]
                """);
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send("CONNECT [::1]:9001 HTTP/1.1\r\nHost: [::1]:9001\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 200");
            c.send("hello\n");
            assertThat(c.readToEnd()).isEqualTo("EOF");
        }
        // 0.0.0.0/0 holds every IPv4 address and no IPv6 one (Go's IPNet.Contains)
        assertThat(f.awaitAccessLines(1))
                .singleElement()
                .asString()
                .contains("\"ip\":\"0:0:0:0:0:0:0:1\"", "\"verdict\":\"deny\"", "a TCP connection to ::1")
                .doesNotContain("0.0.0.0\"");
    }

    /** A tcp rule for port {@code port} with these ipAddresses. */
    private static String tcpRule(String name, int port, String range) {
        return "kind: Egress\napiVersion: policy.openservicemesh.io/v1alpha1\nmetadata: {name: " + name
                + ", namespace: curl}\nspec:\n  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]\n"
                + "  ipAddresses: [\"" + range + "\"]\n  ports: [{number: " + port + ", protocol: tcp}]\n";
    }

    @Test
    void anIpv6UpstreamIsAllowedByAnIpv6RangeThatHoldsItAndRefusedByAnother() throws Exception {
        java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer v6 = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getByName("::1"), 0), 0);
        v6.createContext("/", x -> {
            hits.incrementAndGet();
            byte[] body = "hello over IPv6\n".getBytes(StandardCharsets.US_ASCII);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        v6.start();
        try {
            int port = v6.getAddress().getPort();
            String url = "http://[::1]:" + port + "/";
            f.apply(tcpRule("loopback-v6", port, "::1/128"));
            Curl.Result proxied = Curl.run("-s", "-x", f.proxyUrl(), url);
            assertThat(proxied.out()).as(proxied.err()).isEqualTo("hello over IPv6\n");
            Curl.Result tunnelled = Curl.run("-s", "-p", "-x", f.proxyUrl(), url);
            assertThat(tunnelled.out()).as(tunnelled.err()).isEqualTo("hello over IPv6\n");
            assertThat(f.awaitAccessLines(2))
                    .hasSize(2)
                    .allSatisfy(l -> assertThat(l)
                            .contains("\"verdict\":\"allow\"", "curl/loopback-v6", "\"ip\":\"0:0:0:0:0:0:0:1\""));
            assertThat(hits.get()).isEqualTo(2);

            f.clearLog();
            f.apply(tcpRule("doc-v6", port, "2001:db8::0.0.0.0/32"));
            Curl.Result refused = Curl.run("-s", "-o", "/dev/null", "-w", "%{http_code}", "-x", f.proxyUrl(), url);
            assertThat(refused.exit()).as(refused.err()).isNotZero();
            Curl.Result refusedTunnel = Curl.run("-s", "-p", "-x", f.proxyUrl(), url);
            assertThat(refusedTunnel.exit()).isNotZero();
            assertThat(f.awaitAccessLines(2))
                    .hasSize(2)
                    .allSatisfy(l -> assertThat(l).contains("\"verdict\":\"deny\"", "\"ip\":\"0:0:0:0:0:0:0:1\""));
            assertThat(hits.get())
                    .as("nothing refused reaches the IPv6 upstream")
                    .isEqualTo(2);
        } finally {
            v6.stop(0);
        }
    }

    @Test
    void aClientHelloInTheSameWriteAsItsConnectIsDecidedByItsServerName() throws Exception {
        f.apply(ProxyFixture.egress("httpbin-443", "httpbin.org", 443, "https", null));
        byte[] connect =
                "CONNECT httpbin.org:443 HTTP/1.1\r\nHost: httpbin.org:443\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] hello = ClientHelloBytes.of("httpbin.org");
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(connect);
        both.write(hello);
        try (RawClient c = new RawClient(f.proxy.port())) {
            c.send(both.toByteArray()); // one write, one TCP segment on loopback
            assertThat(c.readHead()).startsWith("HTTP/1.1 200 Connection established");
            int first = c.socket.getInputStream().read();
            assertThat(first).as("a TLS record from the upstream (handshake)").isEqualTo(0x16);
        }
        assertThat(f.awaitAccessLines(1))
                .singleElement()
                .asString()
                .contains("\"verdict\":\"allow\"", "\"sni\":\"httpbin.org\"");
    }
}
