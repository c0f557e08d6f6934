package egress.policy.match;

/** What one client's policies say about one destination port, compiled for one engine. */
interface PortTable {
    Decision decide(EgressRequest r, CompiledPolicySet set);
}
