package egress.enforcer.netty;

import egress.enforcer.observe.AccessRecord;
import egress.enforcer.observe.TrialNote;
import egress.policy.match.Decision;
import java.time.Instant;

/** The access-log facts of one CONNECT tunnel: one decision, the bytes both ways, logged once at the end. */
final class TunnelSession {
    private final ProxyContext context;
    private final Destination destination;
    private final long snapshotVersion;
    private final Instant started = Instant.now();
    private final long startNanos = System.nanoTime();
    private String protocol;
    private String sni;
    private Decision decision;
    private long bytesUp;
    private long bytesDown;
    private boolean logged;
    private TrialNote trial = TrialNote.NONE;

    TunnelSession(ProxyContext context, Destination destination, long snapshotVersion) {
        this.context = context;
        this.destination = destination;
        this.snapshotVersion = snapshotVersion;
    }

    void decided(String protocol, String sni, Decision decision) {
        this.protocol = protocol;
        this.sni = sni;
        this.decision = decision;
        context.metrics().decided(decision, destination.host());
    }

    /** The staged set's decision when it disagrees (null when it agrees), for the access line. */
    void staged(Decision disagreement) {
        trial = trial.withStaged(disagreement);
    }

    /** Report-only: the refusal this session was decided with was not carried out; the tunnel was forwarded. */
    void notEnforced() {
        trial = trial.notEnforced();
    }

    long snapshotVersion() {
        return snapshotVersion;
    }

    Decision decision() {
        return decision;
    }

    void up(long n) {
        bytesUp += n;
        context.metrics().bytes(n, 0);
    }

    void down(long n) {
        bytesDown += n;
        context.metrics().bytes(0, n);
    }

    /** Writes the access line, once, however many ends report the close. */
    void end() {
        if (logged || decision == null) {
            return;
        }
        logged = true;
        context.accessLog()
                .log(new AccessRecord(
                        started,
                        context.identity().toString(),
                        protocol,
                        destination.host(),
                        destination.ipText(),
                        destination.port(),
                        sni,
                        null,
                        null,
                        decision,
                        snapshotVersion,
                        0,
                        bytesUp,
                        bytesDown,
                        (System.nanoTime() - startNanos) / 1_000_000,
                        trial));
    }
}
