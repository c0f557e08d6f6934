package egress.simulator.curl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CurlCommandTest {
    static final String GUIDE_LINE =
            "kubectl exec $(kubectl get pod -n curl -l app=curl -o jsonpath='{.items..metadata.name}')"
                    + " -n curl -c curl -- curl -sI http://httpbin.org:80/get";

    @Test
    void readsTheGuidesKubectlExecLine() {
        CurlCommand command = CurlCommand.parse(GUIDE_LINE);
        assertThat(command.flags()).isEqualTo(Set.of(CurlFlag.SILENT, CurlFlag.HEAD));
        assertThat(command.method()).isEqualTo("HEAD");
        assertThat(command.url().host()).isEqualTo("httpbin.org");
        assertThat(command.port()).isEqualTo(80);
        assertThat(command.requestTarget()).isEqualTo("/get");
        assertThat(command.hostHeader()).isEqualTo("httpbin.org");
        assertThat(command.tls()).isFalse();
        assertThat(command.sni()).isEmpty();
        assertThat(command.connectAddress()).isEqualTo(new Endpoint("httpbin.org", 80));
    }

    @Test
    void readsTheGuidesLineWithItsPrompt() {
        CurlCommand command = CurlCommand.parse(
                "$ " + GUIDE_LINE.replace("http://httpbin.org:80/get", "https://httpbin.org:443/get"));
        assertThat(command.tls()).isTrue();
        assertThat(command.sni()).contains("httpbin.org");
        assertThat(command.port()).isEqualTo(443);
        assertThat(command.hostHeader()).isEqualTo("httpbin.org");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "curl -sI http://a.b",
                "-sI http://a.b",
                "/usr/bin/curl -sI http://a.b",
                "$ curl -sI http://a.b",
                "kubectl exec pod -- curl -sI http://a.b",
                "curl -s -I http://a.b",
                "-sI a.b",
                "curl --silent --head http://a.b",
                "curl -Is http://a.b",
                "curl http://a.b -sI"
            })
    void acceptsEquivalentSpellings(String line) {
        CurlCommand command = CurlCommand.parse(line);
        assertThat(command.flags()).isEqualTo(Set.of(CurlFlag.SILENT, CurlFlag.HEAD));
        assertThat(command.url()).isEqualTo(CurlUrl.parse("http://a.b"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "-s, --silent      | SILENT",
                "-S, --show-error  | SHOW_ERROR",
                "-I, --head        | HEAD",
                "-i, --include     | INCLUDE",
                "-v, --verbose     | VERBOSE",
                "-k, --insecure    | INSECURE",
                "-L, --location    | LOCATION",
                "-f, --fail        | FAIL",
            })
    void readsEverySwitchInBothForms(String spellings, CurlFlag flag) {
        for (String spelling : spellings.split(", ")) {
            assertThat(CurlCommand.parse("curl " + spelling + " http://a.b").flags())
                    .containsExactly(flag);
        }
    }

    @Test
    void readsCombinedShortSwitches() {
        assertThat(CurlCommand.parse("curl -sSfL http://a.b").flags())
                .isEqualTo(Set.of(CurlFlag.SILENT, CurlFlag.SHOW_ERROR, CurlFlag.FAIL, CurlFlag.LOCATION));
        assertThat(CurlCommand.parse("curl -vik http://a.b").flags())
                .isEqualTo(Set.of(CurlFlag.VERBOSE, CurlFlag.INCLUDE, CurlFlag.INSECURE));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "curl -X POST http://a.b",
                "curl -XPOST http://a.b",
                "curl -sX POST http://a.b",
                "curl -sXPOST http://a.b",
                "curl --request POST http://a.b",
                "curl --request=POST http://a.b"
            })
    void readsAnOptionValueInEveryForm(String line) {
        assertThat(CurlCommand.parse(line).method()).isEqualTo("POST");
    }

    @Test
    void readsHeadersInOrderWithEveryQuoting() {
        CurlCommand command = CurlCommand.parse(
                "curl -H 'X-One: 1' -H\"X-Two: two words\" --header X-Three:\\ 3 --header='X-Four: 4' -H'Host: other.example' http://a.b");
        assertThat(command.headers())
                .containsExactly(
                        new HttpHeader("X-One", "1"),
                        new HttpHeader("X-Two", "two words"),
                        new HttpHeader("X-Three", "3"),
                        new HttpHeader("X-Four", "4"),
                        new HttpHeader("Host", "other.example"));
        assertThat(command.hostHeader()).isEqualTo("other.example");
    }

    @Test
    void listsTheHeadersCurlSendsInCurlsOrder() {
        CurlCommand command =
                CurlCommand.parse("curl -u me:pw -d a=1 -H 'X-Trace: 7' -H 'Accept:' -H 'X-Empty;' http://a.b:8080/p");
        assertThat(command.requestHeaders())
                .containsExactly(
                        new HttpHeader("Host", "a.b:8080"),
                        new HttpHeader("Authorization", "Basic bWU6cHc="),
                        new HttpHeader("User-Agent", "curl/8.5.0"),
                        new HttpHeader("Content-Length", "3"),
                        new HttpHeader("Content-Type", "application/x-www-form-urlencoded"),
                        new HttpHeader("X-Trace", "7"),
                        new HttpHeader("X-Empty", ""));
    }

    @Test
    void aCustomHeaderReplacesTheBuiltInOneAndGoesLast() {
        CurlCommand command =
                CurlCommand.parse("curl -A agent/1 -H 'Accept: text/plain' -H 'Host: h.example' http://a.b");
        assertThat(command.requestHeaders())
                .containsExactly(
                        new HttpHeader("Host", "h.example"),
                        new HttpHeader("User-Agent", "agent/1"),
                        new HttpHeader("Accept", "text/plain"));
        assertThat(CurlCommand.parse("curl -H 'Host:' http://a.b").requestHeaders())
                .containsExactly(new HttpHeader("User-Agent", "curl/8.5.0"), new HttpHeader("Accept", "*/*"));
    }

    @Test
    void userInfoInTheUrlBecomesBasicAuthorization() {
        CurlCommand command = CurlCommand.parse("curl http://me:pw@a.b/");
        assertThat(command.url().userInfo()).contains("me:pw");
        assertThat(command.requestHeaders()).contains(new HttpHeader("Authorization", "Basic bWU6cHc="));
        assertThat(command.hostHeader()).isEqualTo("a.b");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "curl http://a.b                   | GET",
                "curl -I http://a.b                | HEAD",
                "curl -d x http://a.b              | POST",
                "curl --data-raw x http://a.b      | POST",
                "curl -X PUT -d x http://a.b       | PUT",
                "curl -X DELETE -I http://a.b      | DELETE",
                "curl --json '{}' http://a.b       | POST",
            })
    void derivesTheMethod(String line, String method) {
        assertThat(CurlCommand.parse(line).method()).isEqualTo(method);
    }

    @Test
    void joinsDataLikeCurl() {
        CurlCommand command = CurlCommand.parse("curl -d a=1 --data b=2 --data-binary 'c=3 4' --data-ascii e=5"
                + " --data-urlencode 'q=x y&z' --data-urlencode '=é' http://a.b");
        assertThat(command.data()).contains("a=1&b=2&c=3 4&e=5&q=x%20y%26z&%C3%A9");
    }

    @Test
    void jsonSetsTheBodyAndBothContentHeaders() {
        CurlCommand command = CurlCommand.parse("curl --json '{\"a\":1}' http://a.b/api");
        assertThat(command.data()).contains("{\"a\":1}");
        assertThat(command.has(CurlFlag.JSON)).isTrue();
        assertThat(command.requestHeaders())
                .containsExactly(
                        new HttpHeader("Host", "a.b"),
                        new HttpHeader("User-Agent", "curl/8.5.0"),
                        new HttpHeader("Accept", "application/json"),
                        new HttpHeader("Content-Length", "7"),
                        new HttpHeader("Content-Type", "application/json"));
    }

    @Test
    void readsEveryValueOption() {
        CurlCommand command =
                CurlCommand.parse("curl -o out.json --output=o2 --http1.1 -m5 --max-time 2.5 --connect-timeout=0.25"
                        + " -x http://proxy:3128 --noproxy localhost,.svc -A ua/1 --user-agent ua/2 -u bob:pw -w '%{http_code}'"
                        + " --retry 3 http://a.b http://c.d");
        assertThat(command.output()).contains("o2");
        assertThat(command.httpVersion()).isEqualTo(CurlHttpVersion.HTTP_1_1);
        assertThat(command.maxTime()).contains(Duration.ofMillis(2500));
        assertThat(command.connectTimeout()).contains(Duration.ofMillis(250));
        assertThat(command.proxy()).contains("http://proxy:3128");
        assertThat(command.noProxy()).contains("localhost,.svc");
        assertThat(command.userAgent()).contains("ua/2");
        assertThat(command.user()).contains("bob:pw");
        assertThat(command.writeOut()).contains("%{http_code}");
        assertThat(command.retry()).isEqualTo(3);
        assertThat(command.urls()).extracting(CurlUrl::host).containsExactly("a.b", "c.d");
        assertThat(CurlCommand.parse("curl -m5 http://a.b").maxTime()).contains(Duration.ofSeconds(5));
        assertThat(CurlCommand.parse("curl --http2 http://a.b").httpVersion()).isEqualTo(CurlHttpVersion.HTTP_2);
        assertThat(CurlCommand.parse("curl --http1.0 http://a.b").httpVersion()).isEqualTo(CurlHttpVersion.HTTP_1_0);
        assertThat(CurlCommand.parse("curl http://a.b").httpVersion()).isEqualTo(CurlHttpVersion.DEFAULT);
    }

    @Test
    void doubleDashEndsOptions() {
        CurlCommand command = CurlCommand.parse("curl -s -- -weird.example/x");
        assertThat(command.url().host()).isEqualTo("-weird.example");
        assertThat(command.flags()).containsExactly(CurlFlag.SILENT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "curl --foo http://a.b                | unknown curl option: --foo",
                "curl --foo=bar http://a.b            | unknown curl option: --foo",
                "curl -sZ http://a.b                  | unknown curl option: -Z",
                "curl -G http://a.b                   | unknown curl option: -G",
                "curl http://a.b -X                   | option -X needs a value",
                "curl http://a.b -sX                  | option -X needs a value",
                "curl http://a.b --request            | option --request needs a value",
                "curl -X '' http://a.b                | option -X needs a value",
                "curl --silent=yes http://a.b         | option --silent takes no value",
                "curl -s                              | no URL in curl command",
                "curl                                 | no URL in curl command",
                "kubectl exec pod -- sh               | not a curl command: kubectl",
                "wget http://a.b                      | not a curl command: wget",
                "curl -m soon http://a.b              | option -m needs a number of seconds, got 'soon'",
                "curl --retry -1 http://a.b           | option --retry needs a whole number, got '-1'",
                "curl -H 'NoColon' http://a.b         | bad header, expected 'Name: value': NoColon",
                "curl -I -d x http://a.b              | you can only select one HTTP request method: -I (HEAD) and data (POST) were both given",
                "curl ftp://a.b/f                     | unsupported URL scheme: ftp",
                "curl --resolve a.b:80 http://a.b     | bad --resolve value, expected HOST:PORT:ADDR: a.b:80",
                "curl --resolve a.b:x:1.2.3.4 http://a.b | bad port 'x' in --resolve a.b:x:1.2.3.4",
                "curl --connect-to a.b:80 http://a.b  | bad --connect-to value, expected HOST1:PORT1:HOST2:PORT2: a.b:80",
            })
    void namesWhatItDoesNotUnderstand(String line, String message) {
        assertThatThrownBy(() -> CurlCommand.parse(line))
                .isInstanceOf(CurlParseException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "curl http://a.b:80/         | a.b",
                "curl http://a.b:8080/       | a.b:8080",
                "curl https://a.b:443/       | a.b",
                "curl https://a.b:80/        | a.b:80",
                "curl http://[::1]/          | [::1]",
                "curl http://[::1]:81/       | [::1]:81",
                "curl a.b:8000               | a.b:8000",
            })
    void hostHeaderCarriesOnlyANonDefaultPort(String line, String host) {
        assertThat(CurlCommand.parse(line).hostHeader()).isEqualTo(host);
    }

    @Test
    void aLineMayStartWithTheUrl() {
        assertThat(CurlCommand.parse("localhost:8080/x").url().port()).isEqualTo(8080);
    }

    @Test
    void noSniForIpLiterals() {
        assertThat(CurlCommand.parse("curl https://203.0.113.9/").sni()).isEmpty();
        assertThat(CurlCommand.parse("curl https://[2001:db8::1]/").sni()).isEmpty();
        assertThat(CurlCommand.parse("curl -k https://api.example/").sni()).contains("api.example");
    }

    @Test
    void resolveAnswersForTheUrlHostAndPort() {
        CurlCommand command = CurlCommand.parse("curl --resolve httpbin.org:80:203.0.113.10,203.0.113.11"
                + " --resolve httpbin.org:443:[2001:db8::1] http://httpbin.org/get");
        assertThat(command.resolves())
                .containsExactly(
                        new ResolveEntry("httpbin.org", 80, List.of("203.0.113.10", "203.0.113.11")),
                        new ResolveEntry("httpbin.org", 443, List.of("2001:db8::1")));
        assertThat(command.connectAddress()).isEqualTo(new Endpoint("203.0.113.10", 80));
        assertThat(command.hostHeader()).isEqualTo("httpbin.org");
        assertThat(CurlCommand.parse("curl --resolve httpbin.org:443:[2001:db8::1] https://HTTPBIN.org/")
                        .connectAddress())
                .isEqualTo(new Endpoint("2001:db8::1", 443));
        assertThat(CurlCommand.parse("curl --resolve httpbin.org:443:1.2.3.4 http://httpbin.org/")
                        .connectAddress())
                .isEqualTo(new Endpoint("httpbin.org", 80));
        assertThat(CurlCommand.parse("curl --resolve '*:80:1.2.3.4' http://any.example/")
                        .connectAddress())
                .isEqualTo(new Endpoint("1.2.3.4", 80));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--connect-to a.b:80:c.d:8080            | c.d:8080",
                "--connect-to ::c.d:                     | c.d:80",
                "--connect-to a.b::[::1]:                | [::1]:80",
                "--connect-to :80::9999                  | a.b:9999",
                "--connect-to other:80:c.d:1 --connect-to a.b::c.d:2 | c.d:2",
                "--connect-to a.b:443:c.d:1              | a.b:80",
                "--connect-to a.b:80:c.d:81 --resolve c.d:81:10.0.0.9 | 10.0.0.9:81",
                "--connect-to a.b:80:c.d:81 --resolve a.b:80:10.0.0.9 | c.d:81",
            })
    void connectToRedirectsTheConnectionAndResolveAppliesAfterIt(String options, String endpoint) {
        CurlCommand command = CurlCommand.parse("curl " + options + " http://a.b/x");
        assertThat(command.connectAddress().toString()).isEqualTo(endpoint);
        assertThat(command.hostHeader()).isEqualTo("a.b");
    }

    @Test
    void connectToKeepsItsParts() {
        assertThat(CurlCommand.parse("curl --connect-to a.b::c.d:81 http://a.b").connectTos())
                .containsExactly(new ConnectToEntry(
                        Optional.of("a.b"), OptionalInt.empty(), Optional.of("c.d"), OptionalInt.of(81)));
    }
}
