package egress.policy.match;

/** One {@code ports[]} entry of one policy, with its protocol as the engine reads it. */
record PortRule(CompiledPolicy policy, int portIndex, int port, String protocol) implements CidrIndex.Ordered {
    static final String HTTP = "http";
    static final String HTTPS = "https";
    static final String TCP = "tcp";
    static final String TCP_SERVER_FIRST = "tcp-server-first";

    @Override
    public int order() {
        return policy.order;
    }

    RuleRef ref(String host) {
        return new RuleRef(policy.ref, portIndex, port, protocol, host, null, null);
    }
}
