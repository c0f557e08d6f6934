package egress.enforcer.netty;

import egress.enforcer.observe.AccessRecord;
import egress.enforcer.observe.TrialNote;
import egress.policy.match.CompiledPolicySet;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.model.Engine;
import io.netty.handler.codec.http.HttpRequest;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** One HTTP request through the proxy, from its head to the end of its response: one access-log line. */
final class HttpExchange {
    final HttpRequest request;
    final Destination destination;
    final String target;
    boolean keepAlive;
    /** The Host header sent upstream in place of the client's (absolute-form: the URI's authority), or null. */
    String hostHeader;

    private final Instant started = Instant.now();
    private final long startNanos = System.nanoTime();
    Decision decision;
    int status;
    long bytesUp;
    long bytesDown;
    /** Report-only (a refusal forwarded) and the staged set's disagreement, for the access line. */
    TrialNote trial = TrialNote.NONE;
    /** The headers the deciding set's route matches test, logged so a replay decides the same (see record). */
    Map<String, String> decidingHeaders = Map.of();
    /** Whether the path is logged with its query: under pipy, whose path regexes see it. */
    boolean queryDecides;

    HttpExchange(HttpRequest request, Destination destination, String target, boolean keepAlive) {
        this.request = request;
        this.destination = destination;
        this.target = target;
        this.keepAlive = keepAlive;
    }

    void keepAliveOff() {
        keepAlive = false;
    }

    /** The access line's record; {@code source} is the client identity's text (made once per connection). */
    AccessRecord record(String source, long snapshotVersion) {
        int q = queryDecides ? -1 : target.indexOf('?');
        return new AccessRecord(
                started,
                source,
                "http",
                destination.host(),
                destination.ipText(),
                destination.port(),
                null,
                request.method().name(),
                q < 0 ? target : target.substring(0, q),
                decision,
                snapshotVersion,
                status,
                bytesUp,
                bytesDown,
                (System.nanoTime() - startNanos) / 1_000_000,
                trial,
                decidingHeaders);
    }

    /**
     * What of a request the access line keeps beyond method, host and path, and no more: the headers that some
     * route match of {@code set} tests (none when it has no header matches, the usual case), and the query only
     * where the engine's path regexes see it.
     */
    void keepWhatDecides(EgressRequest r, CompiledPolicySet set) {
        queryDecides = set.engine() == Engine.PIPY;
        Set<String> names = set.routeHeaderNames();
        if (names.isEmpty()) {
            return;
        }
        Map<String, String> kept = new TreeMap<>();
        for (String name : names) {
            String v = r.headers().get(name);
            if (v != null) {
                kept.put(name, v);
            }
        }
        decidingHeaders = kept;
    }
}
