package egress.simulator.curl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CurlUrlTest {

    @Test
    void readsEveryPartOfAFullUrl() {
        CurlUrl url = CurlUrl.parse("https://me:secret@Example.com:8443/a/b?x=1&y=2#top");
        assertThat(url)
                .isEqualTo(new CurlUrl(
                        "https",
                        Optional.of("me:secret"),
                        "Example.com",
                        OptionalInt.of(8443),
                        "/a/b",
                        Optional.of("x=1&y=2")));
        assertThat(url.port()).isEqualTo(8443);
        assertThat(url.requestTarget()).isEqualTo("/a/b?x=1&y=2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "http://httpbin.org:80/get      | http  | httpbin.org | 80   | /get",
                "http://httpbin.org/get         | http  | httpbin.org | 80   | /get",
                "https://httpbin.org            | https | httpbin.org | 443  | /",
                "https://openservicemesh.io:443 | https | openservicemesh.io | 443 | /",
                "httpbin.org/get                | http  | httpbin.org | 80   | /get",
                "httpbin.org:8080               | http  | httpbin.org | 8080 | /",
                "HTTP://a.b                     | http  | a.b         | 80   | /",
                "http://a.b:/x                  | http  | a.b         | 80   | /x",
                "http://10.0.0.1:9090?q         | http  | 10.0.0.1    | 9090 | /?q",
                "http://a.b#only-fragment       | http  | a.b         | 80   | /",
                "http://[::1]:8080/p            | http  | ::1         | 8080 | /p",
                "https://[2001:db8::7]/         | https | 2001:db8::7 | 443  | /",
            })
    void readsSchemeHostPortAndTarget(String text, String scheme, String host, int port, String target) {
        CurlUrl url = CurlUrl.parse(text);
        assertThat(url.scheme()).isEqualTo(scheme);
        assertThat(url.host()).isEqualTo(host);
        assertThat(url.port()).isEqualTo(port);
        assertThat(url.requestTarget()).isEqualTo(target);
    }

    @Test
    void dropsTheFragmentButKeepsTheQuery() {
        CurlUrl url = CurlUrl.parse("http://a.b/p?x=1#frag?not=query");
        assertThat(url.query()).contains("x=1");
        assertThat(url.requestTarget()).isEqualTo("/p?x=1");
        assertThat(url.effective()).isEqualTo("http://a.b/p?x=1");
    }

    @Test
    void knowsIpLiterals() {
        assertThat(CurlUrl.parse("http://[::1]/").isIpLiteral()).isTrue();
        assertThat(CurlUrl.parse("http://[::1]/").hostForHeader()).isEqualTo("[::1]");
        assertThat(CurlUrl.parse("http://192.168.0.1/").isIpLiteral()).isTrue();
        assertThat(CurlUrl.parse("http://192.168.0.256/").isIpLiteral()).isFalse();
        assertThat(CurlUrl.parse("http://1.2.3.example/").isIpLiteral()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "ftp://a.b/x          | unsupported URL scheme: ftp",
                "file:///etc/passwd   | unsupported URL scheme: file",
                "http:///x            | no host in URL: http:///x",
                "http://user@/x       | no host in URL: http://user@/x",
                "http://a.b:99999/    | bad port number in URL: http://a.b:99999/",
                "http://a.b:8o/       | bad port number in URL: http://a.b:8o/",
                "http://[::1/         | unterminated IPv6 address in URL: http://[::1/",
                "http://[zz::1]/      | bad IPv6 address in URL: http://[zz::1]/",
                "http://[::1]x/       | bad IPv6 address in URL: http://[::1]x/",
            })
    void rejectsWhatCurlRejects(String text, String message) {
        assertThatThrownBy(() -> CurlUrl.parse(text))
                .isInstanceOf(CurlParseException.class)
                .hasMessage(message);
    }
}
