package egress.simulator;

import egress.simulator.curl.CurlFailure;
import egress.simulator.curl.HttpResponse;

/**
 * What reached the client: an HTTP response (from the upstream or from the sidecar itself), a
 * failure curl reports, an opaque connection (explicit TCP/TLS requests), or nothing certain.
 *
 * @param signal      the test format's name for it: {@code http-200}, {@code connection-refused}, ...
 * @param unreachable allowed by policy, but the upstream could not be reached
 */
public record Outcome(
        String signal,
        HttpResponse response,
        CurlFailure failure,
        String banner,
        boolean certain,
        boolean unreachable) {
    public static Outcome http(HttpResponse r) {
        return new Outcome("http-" + r.status(), r, null, null, true, false);
    }

    public static Outcome failure(String signal, CurlFailure f) {
        return new Outcome(signal, null, f, null, true, false);
    }

    public static Outcome connected(String signal, String banner) {
        return new Outcome(signal, null, null, banner, true, false);
    }

    public static Outcome uncertain(String signal) {
        return new Outcome(signal, null, null, null, false, false);
    }

    /** The policy allowed it, but the upstream could not be reached (a name that does not resolve). */
    public static Outcome unreachable(Outcome o) {
        return new Outcome(o.signal, o.response, o.failure, o.banner, o.certain, true);
    }

    public Outcome withSignal(String s) {
        return new Outcome(s, response, failure, banner, certain, unreachable);
    }
}
