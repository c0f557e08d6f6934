package egress.policy.match;

/**
 * A TCP-level rule (tcp, tcp-server-first, or https) of one port: a filter chain in Envoy's terms,
 * with its allow decision built once.
 */
record Chain(PortRule rule, Decision allow) implements CidrIndex.Ordered {
    static Chain of(PortRule rule, String host, String what) {
        RuleRef ref = rule.ref(host);
        return new Chain(rule, Decision.allow(ref, Upstream.ORIGINAL_DESTINATION, Signal.FORWARDED,
                "allowed by " + rule.policy().ref + ": " + what + " on port " + rule.port()
                        + ", proxied to the original destination"));
    }

    @Override
    public int order() {
        return rule.order();
    }

    boolean containsIp(EgressRequest r) {
        return rule.policy().containsIp(r);
    }
}
