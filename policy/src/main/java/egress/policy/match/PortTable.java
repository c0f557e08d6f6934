package egress.policy.match;

import egress.policy.model.Identity;
import java.util.List;

/** What one client's policies say about one destination port, compiled for one engine. */
interface PortTable {
    /**
     * Decides a request for this client and port.
     *
     * @param hostNotIndexed the request is HTTP and the set's {@link HostIndex} was asked for its Host and holds no
     *     entry for it (so a table need not ask again)
     */
    Decision decide(EgressRequest r, CompiledPolicySet set, boolean hostNotIndexed);

    /**
     * An HTTP request whose Host header is the exact policy name {@code hr} of this port (found in the set's
     * {@link HostIndex}): the decision {@link #decide} would give, or null when only {@code decide} can tell.
     */
    Decision decideHost(EgressRequest r, HostRoutes hr, CompiledPolicySet set);

    /** Whether some rule on this port has {@code ipAddresses}, so that the destination IP can change a decision. */
    boolean ranged();

    /** Adds what {@code client} may reach through this port, as the engine built it (see {@link ReachGraph}). */
    void reach(Identity client, List<ReachGraph.Edge> out);
}
