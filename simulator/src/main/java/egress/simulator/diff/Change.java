package egress.simulator.diff;

import egress.policy.match.Verdict;
import egress.policy.model.Identity;

/**
 * A destination whose verdict differs between two policy sets, with one request that the matcher
 * decides differently under each.
 *
 * @param protocol    http, tls or tcp
 * @param destination the host, server name or address tried
 * @param route       for http: the route match the witness path was drawn from (or what else it stands for)
 * @param witness     a curl line for http and https, {@code tcp IP:PORT} for tcp
 */
public record Change(
        Identity from,
        String protocol,
        int port,
        String destination,
        String route,
        Verdict before,
        Verdict after,
        String beforePolicy,
        String afterPolicy,
        String witness) {

    /** {@code newly refused}, {@code newly allowed}, or {@code allow -> undetermined}. */
    public String kind() {
        if (before == Verdict.ALLOW && after == Verdict.DENY) {
            return "newly refused";
        }
        if (before == Verdict.DENY && after == Verdict.ALLOW) {
            return "newly allowed";
        }
        return before.id() + " -> " + after.id();
    }
}
