package egress.simulator.mesh;

import egress.policy.httpbin.Httpbin;
import egress.simulator.curl.HttpHeader;
import egress.simulator.curl.HttpResponse;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The outside world as the guide meets it: every host answers as httpbin does, as {@link Httpbin} models it (the
 * model the enforcer's built-in upstreams serve too). This adapter turns a simulated curl request into the model's
 * request and its response into what curl receives. The client's address is {@link #ORIGIN}, a documentation
 * address, since a simulated client has none. A streamed body ({@code /bytes/N}, {@code /drip}) is materialised up
 * to {@link #MAX_MATERIALISED} bytes; a longer one is left empty here, its length still in the headers.
 */
public final class SimulatedUpstream {
    /** The Date header as servers write it: {@code Mon, 04 Jul 2022 07:48:24 GMT}. */
    public static final DateTimeFormatter DATE = Httpbin.DATE;
    /** The origin the JSON bodies echo for a simulated client. */
    public static final String ORIGIN = "203.0.113.1";

    public static final long MAX_MATERIALISED = 1 << 20;
    private final Httpbin httpbin;

    public SimulatedUpstream(Clock clock) {
        this.httpbin = new Httpbin(clock);
    }

    public SimulatedUpstream() {
        this(Clock.systemUTC());
    }

    /**
     * The answer to one request.
     *
     * @param version {@code HTTP/1.1} or {@code HTTP/2}
     * @param scheme  {@code http} or {@code https}
     * @param body    the request body, empty for none
     */
    public HttpResponse respond(
            String version,
            String scheme,
            String method,
            String host,
            String target,
            List<HttpHeader> headers,
            String body) {
        Httpbin.Response r = httpbin.respond(new Httpbin.Request(
                version,
                method,
                scheme,
                host,
                target,
                headers.stream()
                        .map(h -> new Httpbin.Header(h.name(), h.value()))
                        .toList(),
                body,
                ORIGIN));
        return new HttpResponse(
                version,
                r.status(),
                version.equals("HTTP/2") ? "" : r.reason(),
                r.headers().stream()
                        .map(h -> new HttpHeader(h.name(), h.value()))
                        .toList(),
                text(r.body()));
    }

    private static String text(Httpbin.Body body) {
        if (body.length() > MAX_MATERIALISED) {
            return "";
        }
        if (body instanceof Httpbin.Pattern p) {
            StringBuilder s = new StringBuilder((int) p.length());
            for (long i = 0; i < p.length(); i++) {
                s.append((char) Httpbin.Pattern.at(i));
            }
            return s.toString();
        }
        if (body instanceof Httpbin.Drip d) {
            return "*".repeat((int) d.count());
        }
        return ((Httpbin.Text) body).text();
    }

    /** Now, as a Date header value. */
    public String date() {
        return httpbin.date();
    }

    /** A banner for a server that speaks first, by well-known port. */
    public static String banner(int port) {
        return Httpbin.banner(port);
    }

    /** The status this upstream answers a request target with: N for {@code /status/N}, else 200. */
    public static int status(String target) {
        return Httpbin.status(target);
    }
}
