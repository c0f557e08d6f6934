package egress.policy.match;

/** What one client's policies say about one destination port, compiled for one engine. */
interface PortTable {
    Decision decide(EgressRequest r, CompiledPolicySet set);

    /** Whether some rule on this port has {@code ipAddresses}, so that the destination IP can change a decision. */
    boolean ranged();
}
