package egress.enforcer.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing a request URI with the last request's target at hand gives exactly what parsing it alone gives. */
class HttpTargetTest {
    private static final List<String> URIS = List.of(
            "http://httpbin.org/get",
            "http://httpbin.org/get?x=1",
            "http://httpbin.org",
            "http://httpbin.org?q=1",
            "HTTP://httpbin.org/get",
            "http://httpbin.org:8080/get",
            "http://httpbin.org:8080/status/418",
            "http://httpbin.org.evil.test/get",
            "http://httpbin.or/get",
            "http://user@httpbin.org/get",
            "http://[2001:db8::1]:8080/a",
            "http://[2001:db8::1]/a",
            "http://httpbin.org:0/get",
            "http://httpbin.org:/get",
            "http://httpbin.org/a#frag",
            "/origin-form");

    @Test
    void theLastTargetChangesNothingButWhatIsAllocated() {
        for (String before : URIS) {
            HttpTarget previous = HttpTarget.parse(before, null, null);
            for (String uri : URIS) {
                assertThat(HttpTarget.parse(uri, null, previous))
                        .as("%s after %s", uri, before)
                        .isEqualTo(HttpTarget.parse(uri, null, null));
            }
        }
    }

    @Test
    void theSameUriAgainIsTheSameTarget() {
        HttpTarget first = HttpTarget.parse("http://httpbin.org:29080/get", null, null);
        assertThat(HttpTarget.parse("http://httpbin.org:29080/get", null, first))
                .isSameAs(first);
        assertThat(HttpTarget.parse("http://httpbin.org:29080/anything", null, first)
                        .host())
                .isSameAs(first.host());
    }
}
