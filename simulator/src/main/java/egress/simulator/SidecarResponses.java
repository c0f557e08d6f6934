package egress.simulator;

import egress.policy.match.Signal;
import egress.simulator.curl.HttpHeader;
import egress.simulator.curl.HttpResponse;
import java.util.List;

/** The HTTP answers a sidecar gives by itself, as each data plane writes them. */
final class SidecarResponses {
    private SidecarResponses() {}

    static HttpResponse refusal(Signal s, String date) {
        if (s == Signal.HTTP_403) {
            return new HttpResponse(
                    "HTTP/1.1",
                    403,
                    "Forbidden",
                    List.of(new HttpHeader("content-length", "13"), new HttpHeader("connection", "keep-alive")),
                    s.body());
        }
        return new HttpResponse(
                "HTTP/1.1",
                404,
                "Not Found",
                List.of(
                        new HttpHeader("date", date),
                        new HttpHeader("server", "envoy"),
                        new HttpHeader("content-length", "0")),
                "");
    }

    static HttpResponse noHealthyUpstream() {
        return new HttpResponse(
                "HTTP/1.1",
                503,
                "Service Unavailable",
                List.of(
                        new HttpHeader("content-length", "19"),
                        new HttpHeader("content-type", "text/plain"),
                        new HttpHeader("server", "envoy")),
                "no healthy upstream");
    }

    static HttpResponse plainHttpToTlsPort() {
        String body = "<html><head><title>400 The plain HTTP request was sent to HTTPS port</title></head></html>\n";
        return new HttpResponse(
                "HTTP/1.1",
                400,
                "Bad Request",
                List.of(
                        new HttpHeader("content-type", "text/html"),
                        new HttpHeader("content-length", String.valueOf(body.length()))),
                body);
    }
}
