package egress.policy.match;

import egress.policy.i18n.Message;
/**
 * A TCP-level rule (tcp, tcp-server-first, or https) of one port: a filter chain in Envoy's terms,
 * with its allow decision built once.
 */
record Chain(PortRule rule, Decision allow) implements CidrIndex.Ordered {
    /** @param what the protocol as written, or a message describing the chain */
    static Chain of(PortRule rule, String host, Object what) {
        RuleRef ref = rule.ref(host);
        return new Chain(rule, Decision.allow(ref, Upstream.ORIGINAL_DESTINATION, Signal.FORWARDED,
                Message.of("reason.allow-chain", rule.policy().ref, what, rule.port())));
    }

    @Override
    public int order() {
        return rule.order();
    }

    boolean containsIp(EgressRequest r) {
        return rule.policy().containsIp(r);
    }
}
