package egress.simulator.curl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CurlOutputTest {
    static final HttpResponse OK = new HttpResponse(
            "HTTP/1.1",
            200,
            "OK",
            List.of(new HttpHeader("content-type", "application/json"), new HttpHeader("content-length", "2")),
            "{}");
    static final HttpResponse NOT_FOUND = new HttpResponse(
            "HTTP/1.1", 404, "Not Found", List.of(new HttpHeader("transfer-encoding", "chunked")), "nope");

    static CurlResult render(String line, HttpResponse response) {
        return CurlOutput.render(CurlCommand.parse(line), response);
    }

    static CurlResult render(String line, CurlFailure failure) {
        return CurlOutput.render(CurlCommand.parse(line), failure);
    }

    @Test
    void headPrintsStatusLineAndHeadersWithCrlf() {
        assertThat(render("curl -sI http://httpbin.org:80/get", OK))
                .isEqualTo(new CurlResult(
                        0, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n", ""));
    }

    @Test
    void http2StatusLineHasATrailingSpaceLikeCurl() {
        HttpResponse h2 = new HttpResponse("HTTP/2", 200, "", List.of(new HttpHeader("server", "gunicorn/19.9.0")), "");
        assertThat(render("curl -sI https://httpbin.org:443/get", h2).stdout())
                .isEqualTo("HTTP/2 200 \r\nserver: gunicorn/19.9.0\r\n\r\n");
    }

    @Test
    void includePrintsHeadersThenBody() {
        assertThat(render("curl -si http://a.b/", OK).stdout())
                .isEqualTo("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}");
    }

    @Test
    void plainRequestPrintsOnlyTheBody() {
        assertThat(render("curl -s http://a.b/", OK)).isEqualTo(new CurlResult(0, "{}", ""));
        assertThat(render("curl -X HEAD http://a.b/", OK)).isEqualTo(new CurlResult(0, "", ""));
    }

    @Test
    void withoutFailAnErrorStatusIsPrintedAndExitsZero() {
        assertThat(render("curl -sI http://httpbin.org:80/status/200", NOT_FOUND))
                .isEqualTo(new CurlResult(0, "HTTP/1.1 404 Not Found\r\ntransfer-encoding: chunked\r\n\r\n", ""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "curl -f http://a.b/      | 'curl: (22) The requested URL returned error: 404\n'",
                "curl -sf http://a.b/     | ''",
                "curl -sSf http://a.b/    | 'curl: (22) The requested URL returned error: 404\n'",
                "curl -fI http://a.b/     | 'curl: (22) The requested URL returned error: 404\n'",
            })
    void failTurnsAnErrorStatusIntoExit22WithNoOutput(String line, String stderr) {
        assertThat(render(line, NOT_FOUND)).isEqualTo(new CurlResult(22, "", stderr));
    }

    @Test
    void failLetsASuccessThrough() {
        assertThat(render("curl -sf http://a.b/", OK)).isEqualTo(new CurlResult(0, "{}", ""));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "6  | COULD_NOT_RESOLVE_HOST   | curl: (6) Could not resolve host: httpbin.org",
                "7  | COULD_NOT_CONNECT        | curl: (7) Failed to connect to httpbin.org port 80 after 0 ms: Couldn't connect to server",
                "28 | CONNECT_TIMEOUT          | curl: (28) Failed to connect to httpbin.org port 80 after 300000 ms: Timeout was reached",
                "28 | OPERATION_TIMEOUT        | curl: (28) Operation timed out after 300000 milliseconds with 0 bytes received",
                "52 | EMPTY_REPLY              | curl: (52) Empty reply from server",
                "56 | RECV_FAILURE             | curl: (56) Recv failure: Connection reset by peer",
            })
    void eachFailureHasCurlsExitCodeAndMessage(int exitCode, CurlFailure failure, String message) {
        assertThat(failure.exitCode()).isEqualTo(exitCode);
        assertThat(render("curl -sS http://httpbin.org:80/get", failure))
                .isEqualTo(new CurlResult(exitCode, "", message + "\n"));
        assertThat(render("curl http://httpbin.org:80/get", failure))
                .isEqualTo(new CurlResult(exitCode, "", message + "\n"));
        assertThat(render("curl -sI http://httpbin.org:80/get", failure)).isEqualTo(new CurlResult(exitCode, "", ""));
    }

    @Test
    void theGuidesRefusedRequestExitsSevenSilently() {
        assertThat(render(CurlCommandTest.GUIDE_LINE, CurlFailure.COULD_NOT_CONNECT))
                .isEqualTo(new CurlResult(7, "", ""));
    }

    @Test
    void tlsFailuresNameTheUrlHostAndPort() {
        assertThat(CurlFailure.TLS_CONNECT_ERROR.exitCode()).isEqualTo(35);
        assertThat(render("curl -S https://httpbin.org/get", CurlFailure.TLS_CONNECT_ERROR)
                        .stderr())
                .isEqualTo("curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to httpbin.org:443 \n");
        assertThat(render("curl https://httpbin.org/get", CurlFailure.PEER_FAILED_VERIFICATION))
                .isEqualTo(new CurlResult(
                        60,
                        "",
                        "curl: (60) SSL: no alternative certificate subject name matches target host name 'httpbin.org'\n"
                                + "More details here: https://curl.se/docs/sslcerts.html\n\n"
                                + "curl failed to verify the legitimacy of the server and therefore could not\n"
                                + "establish a secure connection to it. To learn more about this situation and\n"
                                + "how to fix it, please visit the web page mentioned above.\n"));
    }

    @Test
    void timeoutsUseTheGivenLimits() {
        assertThat(render("curl -m 2.5 http://a.b/", CurlFailure.OPERATION_TIMEOUT)
                        .stderr())
                .isEqualTo("curl: (28) Operation timed out after 2500 milliseconds with 0 bytes received\n");
        assertThat(render("curl --connect-timeout 3 -m 5 http://a.b/", CurlFailure.CONNECT_TIMEOUT)
                        .stderr())
                .isEqualTo("curl: (28) Failed to connect to a.b port 80 after 3000 ms: Timeout was reached\n");
        assertThat(render("curl --connect-timeout 3 -m 1 http://a.b/", CurlFailure.CONNECT_TIMEOUT)
                        .stderr())
                .isEqualTo("curl: (28) Failed to connect to a.b port 80 after 1000 ms: Timeout was reached\n");
    }

    @Test
    void connectErrorsNameTheConnectToTarget() {
        assertThat(render("curl --connect-to ::proxy.local:8080 http://a.b/", CurlFailure.COULD_NOT_CONNECT)
                        .stderr())
                .isEqualTo(
                        "curl: (7) Failed to connect to proxy.local port 8080 after 0 ms: Couldn't connect to server\n");
        assertThat(render("curl --resolve a.b:80:10.1.2.3 http://a.b/", CurlFailure.COULD_NOT_CONNECT)
                        .stderr())
                .isEqualTo("curl: (7) Failed to connect to a.b port 80 after 0 ms: Couldn't connect to server\n");
    }

    @Test
    void httpErrorIsNotANetworkFailure() {
        assertThatThrownBy(() -> render("curl http://a.b/", CurlFailure.HTTP_RETURNED_ERROR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HTTP_RETURNED_ERROR comes from a response: render the HttpResponse");
        assertThat(CurlFailure.HTTP_RETURNED_ERROR.exitCode()).isEqualTo(22);
    }

    @Test
    void outputFileTakesWhatStdoutWouldHaveShown() {
        CurlResult result = render("curl -s -i -o page.txt http://a.b/", OK);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.file())
                .contains(new CurlResult.OutputFile(
                        "page.txt",
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}"));
    }

    @Test
    void writeOutFollowsTheTransferEvenAfterAFailure() {
        assertThat(render(
                                "curl -s -o /dev/null -w '%{http_code} %{method} %{url_effective}\\n' 'http://a.b:81/p?q#f'",
                                OK)
                        .stdout())
                .isEqualTo("200 GET http://a.b:81/p?q\n");
        assertThat(render(
                        "curl -s -w 'code=%{response_code} exit=%{exitcode} %{errormsg}' http://a.b/",
                        CurlFailure.COULD_NOT_CONNECT))
                .isEqualTo(new CurlResult(
                        7,
                        "code=000 exit=7 Failed to connect to a.b port 80 after 0 ms: Couldn't connect to server",
                        ""));
        assertThat(render(
                                "curl -sf -w '%{http_code}|%{size_download}|%{http_version}|%{content_type}|%{scheme}|100%%' http://a.b/",
                                NOT_FOUND)
                        .stdout())
                .isEqualTo("404|0|1.1||HTTP|100%");
        assertThat(render("curl -s -w '%{size_download}\\t%{content_type}' http://a.b/", OK)
                        .stdout())
                .isEqualTo("{}2\tapplication/json");
    }

    @Test
    void unknownWriteOutVariableIsAParseError() {
        assertThatThrownBy(() -> CurlCommand.parse("curl -w '%{time_total}' http://a.b/"))
                .isInstanceOf(CurlParseException.class)
                .hasMessage("unsupported --write-out variable: time_total");
    }

    @Test
    void verboseShowsTheRequestSentAndTheHeadersReceived() {
        CurlResult result = render("curl -sv --resolve a.b:80:10.0.0.5 -H 'X-Trace: 1' http://a.b/get?x=1", OK);
        assertThat(result.stdout()).isEqualTo("{}");
        assertThat(result.stderr())
                .isEqualTo(""
                        + "*   Trying 10.0.0.5:80...\n"
                        + "* Connected to a.b (10.0.0.5) port 80\n"
                        + "> GET /get?x=1 HTTP/1.1\r\n"
                        + "> Host: a.b\r\n"
                        + "> User-Agent: curl/8.5.0\r\n"
                        + "> Accept: */*\r\n"
                        + "> X-Trace: 1\r\n"
                        + "> \r\n"
                        + "< HTTP/1.1 200 OK\r\n"
                        + "< content-type: application/json\r\n"
                        + "< content-length: 2\r\n"
                        + "< \r\n"
                        + "* Connection #0 to host a.b left intact\n");
    }

    @Test
    void verboseShowsWhereAFailureHappened() {
        assertThat(render("curl -v http://a.b/", CurlFailure.COULD_NOT_RESOLVE_HOST)
                        .stderr())
                .isEqualTo(""
                        + "* Could not resolve host: a.b\n"
                        + "* Closing connection\n"
                        + "curl: (6) Could not resolve host: a.b\n");
        assertThat(render("curl -sv -X POST http://a.b/", CurlFailure.EMPTY_REPLY)
                        .stderr())
                .isEqualTo(""
                        + "*   Trying a.b:80...\n"
                        + "* Connected to a.b (a.b) port 80\n"
                        + "> POST / HTTP/1.1\r\n"
                        + "> Host: a.b\r\n"
                        + "> User-Agent: curl/8.5.0\r\n"
                        + "> Accept: */*\r\n"
                        + "> \r\n"
                        + "* Empty reply from server\n"
                        + "* Closing connection\n");
        assertThat(render("curl -v https://a.b/", CurlFailure.TLS_CONNECT_ERROR).stderr())
                .isEqualTo(""
                        + "*   Trying a.b:443...\n"
                        + "* Connected to a.b (a.b) port 443\n"
                        + "* OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to a.b:443 \n"
                        + "* Closing connection\n"
                        + "curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to a.b:443 \n");
    }

    @Test
    void verboseWithFailShowsTheErrorStatus() {
        assertThat(render("curl -svf https://a.b/", new HttpResponse("HTTP/2", 403, "", List.of(), "denied"))
                        .stderr())
                .isEqualTo(""
                        + "*   Trying a.b:443...\n"
                        + "* Connected to a.b (a.b) port 443\n"
                        + "> GET / HTTP/2\r\n"
                        + "> Host: a.b\r\n"
                        + "> User-Agent: curl/8.5.0\r\n"
                        + "> Accept: */*\r\n"
                        + "> \r\n"
                        + "< HTTP/2 403 \r\n"
                        + "< \r\n"
                        + "* The requested URL returned error: 403\n"
                        + "* Closing connection\n");
    }
}
