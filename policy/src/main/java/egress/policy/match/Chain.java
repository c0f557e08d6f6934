package egress.policy.match;

/**
 * A TCP-level rule (tcp, tcp-server-first, or https) of one port: a filter chain in Envoy's terms,
 * with its allow decision built once.
 */
record Chain(PortRule rule, Decision allow) implements CidrIndex.Ordered {
    /** A chain that admits by port (and IP range) alone: tcp, tcp-server-first, https as the engine reads it. */
    static Chain of(PortRule rule) {
        return new Chain(rule, Decision.allowChain(rule.ref(null), rule.protocol()));
    }

    /** An https chain for the server name {@code host}, or for any name when it is null. */
    static Chain https(PortRule rule, String host) {
        return new Chain(rule, Decision.allowChainName(rule.ref(host), host));
    }

    @Override
    public int order() {
        return rule.order();
    }

    boolean containsIp(EgressRequest r) {
        return rule.policy().containsIp(r);
    }
}
