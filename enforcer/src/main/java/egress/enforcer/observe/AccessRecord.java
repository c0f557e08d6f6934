package egress.enforcer.observe;

import egress.policy.match.Decision;
import java.time.Instant;
import java.util.Map;

/**
 * What one decision was about and how it ended: one line of the access log.
 *
 * @param protocol   {@code http}, {@code tls}, {@code tcp} or {@code tcp-server-first}
 * @param host       the name the client asked for (CONNECT target, absolute URI or Host header)
 * @param ip         the original destination IP the decision used, dotted
 * @param status     HTTP only: the status sent to the client (0 when none was sent)
 * @param bytesUp    bytes from the client towards the upstream
 * @param bytesDown  bytes from the upstream towards the client
 * @param trial      report-only and staged: whether a refusal was carried out, the staged set's disagreement
 * @param headers    HTTP only: the request headers a route match of the deciding set tests (names as the matcher
 *                   looks them up), so that a replay decides the request as it was decided; empty for the rest
 */
public record AccessRecord(
        Instant time,
        String source,
        String protocol,
        String host,
        String ip,
        int port,
        String sni,
        String method,
        String path,
        Decision decision,
        long snapshotVersion,
        int status,
        long bytesUp,
        long bytesDown,
        long durationMillis,
        TrialNote trial,
        Map<String, String> headers) {
    public AccessRecord {
        trial = trial == null ? TrialNote.NONE : trial;
        headers = headers == null ? Map.of() : headers;
    }

    /** A line without headers. */
    public AccessRecord(
            Instant time,
            String source,
            String protocol,
            String host,
            String ip,
            int port,
            String sni,
            String method,
            String path,
            Decision decision,
            long snapshotVersion,
            int status,
            long bytesUp,
            long bytesDown,
            long durationMillis,
            TrialNote trial) {
        this(
                time,
                source,
                protocol,
                host,
                ip,
                port,
                sni,
                method,
                path,
                decision,
                snapshotVersion,
                status,
                bytesUp,
                bytesDown,
                durationMillis,
                trial,
                Map.of());
    }

    /** A line with nothing from report-only or a staged set. */
    public AccessRecord(
            Instant time,
            String source,
            String protocol,
            String host,
            String ip,
            int port,
            String sni,
            String method,
            String path,
            Decision decision,
            long snapshotVersion,
            int status,
            long bytesUp,
            long bytesDown,
            long durationMillis) {
        this(
                time,
                source,
                protocol,
                host,
                ip,
                port,
                sni,
                method,
                path,
                decision,
                snapshotVersion,
                status,
                bytesUp,
                bytesDown,
                durationMillis,
                TrialNote.NONE);
    }
}
