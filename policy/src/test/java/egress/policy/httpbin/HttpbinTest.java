package egress.policy.httpbin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one httpbin model the simulator and the built-in upstreams answer with. */
class HttpbinTest {
    private final Httpbin httpbin = new Httpbin(Clock.fixed(Instant.parse("2026-12-04T09:05:00Z"), ZoneOffset.UTC));

    private Httpbin.Response get(String method, String target, Httpbin.Header... headers) {
        return httpbin.respond(new Httpbin.Request(
                "HTTP/1.1", method, "http", "httpbin.org", target, List.of(headers), "", "203.0.113.1"));
    }

    @Test
    void getEchoesAsHttpbinWritesIt() {
        Httpbin.Response r = get(
                "GET",
                "/get?b=2&a=x%20y&a=z",
                new Httpbin.Header("Host", "httpbin.org"),
                new Httpbin.Header("user-agent", "curl/8.5.0"),
                new Httpbin.Header("Connection", "close"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(((Httpbin.Text) r.body()).text()).isEqualTo("""
                {
                  "args": {
                    "a": [
                      "x y",
                      "z"
                    ],
                    "b": "2"
                  },
                  "headers": {
                    "Host": "httpbin.org",
                    "User-Agent": "curl/8.5.0"
                  },
                  "origin": "203.0.113.1",
                  "url": "http://httpbin.org/get?b=2&a=x%20y&a=z"
                }
                """);
        assertThat(r.headers())
                .extracting(Httpbin.Header::name)
                .containsExactly(
                        "date",
                        "content-type",
                        "content-length",
                        "server",
                        "access-control-allow-origin",
                        "access-control-allow-credentials",
                        "connection");
        assertThat(r.header("date")).isEqualTo("Fri, 04 Dec 2026 09:05:00 GMT");
        assertThat(r.header("connection")).as("the client asked to close").isEqualTo("close");
        assertThat(r.header("content-length")).isEqualTo(String.valueOf(r.body().length()));
    }

    @Test
    void statusHeadBytesAndDrip() {
        assertThat(get("GET", "/status/418").status()).isEqualTo(418);
        assertThat(get("GET", "/status/418").reason()).isEqualTo("I'M A TEAPOT");
        assertThat(get("GET", "/status/201,500").status()).isEqualTo(201);
        assertThat(get("GET", "/status/abc").status()).isEqualTo(400);
        assertThat(Httpbin.status("http://httpbin.org/status/503?x=1")).isEqualTo(503);
        Httpbin.Response head = get("HEAD", "/get");
        assertThat(head.body().length()).isZero();
        assertThat(Long.parseLong(head.header("content-length")))
                .isEqualTo(get("GET", "/get").body().length());
        assertThat(get("GET", "/bytes/300000").body()).isEqualTo(new Httpbin.Pattern(300000));
        assertThat(get("GET", "/bytes/-1").status()).isEqualTo(400);
        assertThat(get("GET", "/drip?numbytes=4&duration=1").body())
                .isEqualTo(new Httpbin.Drip(4, java.time.Duration.ofMillis(250)));
        assertThat(get("GET", "/drip?duration=soon").status()).isEqualTo(400);
    }

    @Test
    void anythingEchoesMethodAndBodyAndHttp2HasNoConnectionHeader() {
        Httpbin.Response r = httpbin.respond(new Httpbin.Request(
                "HTTP/2", "PUT", "https", "httpbin.org", "/anything/x", List.of(), "hello", "198.51.100.7"));
        assertThat(((Httpbin.Text) r.body()).text())
                .contains(
                        "\"data\": \"hello\"",
                        "\"json\": null",
                        "\"method\": \"PUT\"",
                        "\"origin\": \"198.51.100.7\"",
                        "\"url\": \"https://httpbin.org/anything/x\"");
        assertThat(r.header("connection")).isNull();
    }

    @Test
    void bannersByWellKnownPort() {
        assertThat(Httpbin.banner(3306)).contains("MySQL");
        assertThat(Httpbin.banner(9000)).isEqualTo(Httpbin.DEFAULT_BANNER);
    }
}
