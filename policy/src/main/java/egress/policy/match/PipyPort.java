package egress.policy.match;

import egress.policy.i18n.Message;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One port under {@code pipy}, osm-edge's default data plane. Per port there is one match per
 * protocol (http, https, tcp; tcp-server-first is tcp) whose IP ranges are the pooled ranges of all
 * its policies. Matches with ranges that contain the destination are tried first, then those without
 * ranges; when more than one is left, pipy takes them in a random order, and so does this decision.
 */
final class PipyPort implements PortTable {
    private final int port;
    private final List<Candidate> candidates;
    private final boolean anyRanged;

    /** One protocol's match on this port. */
    private abstract static class Candidate {
        final String protocol;
        final List<PortRule> rules;
        final IpRanges pooledRanges;
        private boolean ranged;

        Candidate(String protocol, List<PortRule> rules) {
            this.protocol = protocol;
            this.rules = List.copyOf(rules);
            List<String> pooled = new ArrayList<>();
            for (PortRule r : rules) {
                pooled.addAll(r.policy().egress.ipAddresses());
                ranged |= r.policy().ranged;
            }
            pooledRanges = IpRanges.of(pooled);
        }

        boolean ranged() {
            return ranged;
        }

        boolean contains(EgressRequest r) {
            return pooledRanges.contains(r);
        }

        abstract Decision decide(EgressRequest r, CompiledPolicySet set);
    }

    PipyPort(Identity client, int port, List<PortRule> rules, Compilation compilation) {
        this.port = port;
        this.anyRanged = rules.stream().anyMatch(r -> !r.policy().ranges.isEmpty());
        Map<String, List<PortRule>> byProtocol = new LinkedHashMap<>();
        for (PortRule r : rules) {
            String p = r.protocol().equals(PortRule.TCP_SERVER_FIRST) ? PortRule.TCP : r.protocol();
            byProtocol.computeIfAbsent(p, k -> new ArrayList<>()).add(r);
        }
        List<Candidate> candidates = new ArrayList<>();
        byProtocol.forEach((protocol, list) -> candidates.add(
                switch (protocol) {
                    case PortRule.HTTP -> new Http(client, port, list, this, compilation);
                    case PortRule.HTTPS -> new Https(port, list);
                    default -> new Tcp(list);
                }));
        this.candidates = List.copyOf(candidates);
    }

    /** http and https: the policy hosts (https without hosts has no upstream); tcp: the ranges, else any address. */
    @Override
    public void reach(Identity client, List<ReachGraph.Edge> out) {
        List<PortRule> rules = new ArrayList<>();
        candidates.forEach(c -> rules.addAll(c.rules));
        rules.sort(java.util.Comparator.comparingInt(PortRule::order).thenComparingInt(PortRule::portIndex));
        for (PortRule r : rules) {
            if (r.protocol().equals(PortRule.HTTP) || r.protocol().equals(PortRule.HTTPS)) {
                ReachGraph.toHosts(client, r, out);
            } else {
                ReachGraph.toRanges(client, r, out);
            }
        }
    }

    @Override
    public boolean ranged() {
        return anyRanged;
    }

    /** The lone http match of an unranged port (or one whose ranges hold the destination) decides. */
    @Override
    public Decision decideHost(EgressRequest r, HostRoutes hr, CompiledPolicySet set) {
        if (candidates.size() == 1 && candidates.get(0) instanceof Http only && (!only.ranged() || only.contains(r))) {
            return only.admit(r, hr, set);
        }
        return null;
    }

    @Override
    public Decision decide(EgressRequest r, CompiledPolicySet set, boolean hostNotIndexed) {
        if (candidates.size() == 1) {
            Candidate only = candidates.get(0);
            if (!only.ranged() || only.contains(r)) {
                return only.decide(r, set);
            }
        }
        List<Candidate> ranged = new ArrayList<>(1);
        List<Candidate> unranged = new ArrayList<>(1);
        for (Candidate c : candidates) {
            if (!c.ranged()) {
                unranged.add(c);
            } else if (c.contains(r)) {
                ranged.add(c);
            }
        }
        List<Candidate> pick = ranged.isEmpty() ? unranged : ranged;
        if (pick.isEmpty()) {
            return set.noMatch(r, Message.of("reason.pipy-no-pooled-range", port, r.ipText()));
        }
        if (pick.size() == 1) {
            return pick.get(0).decide(r, set);
        }
        return randomOrder(r, set, pick);
    }

    private Decision randomOrder(EgressRequest r, CompiledPolicySet set, List<Candidate> pick) {
        List<Decision> outcomes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Candidate c : pick) {
            outcomes.add(c.decide(r, set));
            names.add(c.protocol + " (" + c.rules.get(0).policy().ref + ")");
        }
        Decision first = outcomes.get(0);
        boolean sameVerdict = outcomes.stream().allMatch(d -> d.verdict() == first.verdict());
        boolean sameSignal = outcomes.stream().allMatch(d -> d.signal() == first.signal());
        String matches = String.join(", ", names);
        if (!sameVerdict) {
            return Decision.undetermined(
                    Verdict.UNDETERMINED, null, Message.of("reason.pipy-random-mixed", matches, port));
        }
        return Decision.undetermined(
                first.verdict(),
                sameSignal ? first.signal() : null,
                Message.of(
                        "reason.pipy-random-same",
                        matches,
                        port,
                        first.verdict().id()));
    }

    /** http: Host header looked up exactly; 403 "Access denied" when no host or route admits. */
    private static final class Http extends Candidate {
        private final int port;
        private final HttpHosts hosts;

        Http(Identity client, int port, List<PortRule> rules, PortTable table, Compilation compilation) {
            super(PortRule.HTTP, rules);
            this.port = port;
            this.hosts = new HttpHosts(Engine.PIPY, client, port, rules, table, false, compilation);
        }

        @Override
        Decision decide(EgressRequest r, CompiledPolicySet set) {
            if (r.protocol() != AppProtocol.HTTP) {
                return set.deny(Signal.CONNECTION_CLOSED, null, Message.of("reason.pipy-not-http", port), r);
            }
            HostRoutes hr = (HostRoutes) hosts.find(r.authority(), false);
            if (hr == null) {
                return set.deny(Signal.HTTP_403, null, Message.of("reason.pipy-no-host", r.authority(), port), r);
            }
            return admit(r, hr, set);
        }

        Decision admit(EgressRequest r, HostRoutes hr, CompiledPolicySet set) {
            Decision d = hr.admit(r);
            return d != null
                    ? d
                    : set.deny(
                            Signal.HTTP_403,
                            hr.guard(),
                            Message.of("reason.pipy-no-route", hr.host, port, r.method(), r.target()),
                            r);
        }
    }

    /** https: no server name is read; the connection goes to a policy host, round-robin. */
    private static final class Https extends Candidate {
        private final int port;
        private final Map<String, PortRule> hostOwners = new LinkedHashMap<>();
        private final Decision direct;
        private final Decision redirected;
        private final List<Upstream> pool = new ArrayList<>();

        Https(int port, List<PortRule> rules) {
            super(PortRule.HTTPS, rules);
            this.port = port;
            for (PortRule r : rules) {
                for (String h : r.policy().egress.hosts()) {
                    hostOwners.putIfAbsent(h.toLowerCase(Locale.ROOT), r);
                }
            }
            hostOwners.keySet().forEach(h -> pool.add(Upstream.policyHost(h, port)));
            if (hostOwners.size() == 1) {
                Map.Entry<String, PortRule> only =
                        hostOwners.entrySet().iterator().next();
                String host = only.getValue().policy().egress.hosts().stream()
                        .filter(h -> h.equalsIgnoreCase(only.getKey()))
                        .findFirst()
                        .orElse(only.getKey());
                RuleRef ref = only.getValue().ref(host);
                Upstream up = Upstream.policyHost(host, port);
                direct = Decision.allow(
                        ref, up, Signal.FORWARDED, Message.of("reason.pipy-https-direct", ref.policy(), port, host));
                redirected = Decision.allow(
                        ref,
                        up,
                        Signal.FORWARDED_TO_POLICY_HOST,
                        Message.of("reason.pipy-https-redirected", ref.policy(), port, host));
            } else {
                direct = null;
                redirected = null;
            }
        }

        @Override
        Decision decide(EgressRequest r, CompiledPolicySet set) {
            String sni = r.protocol() == AppProtocol.TLS ? r.sni() : null;
            if (hostOwners.isEmpty()) {
                if (set.globalEgress()) {
                    return set.passthrough(Message.of("reason.pipy-https-no-hosts-passthrough", port));
                }
                return set.deny(
                        Signal.CONNECTION_RESET,
                        rules.get(0).ref(null),
                        Message.of("reason.pipy-https-no-hosts", port),
                        r);
            }
            if (direct != null) {
                return sni != null && hostOwners.containsKey(sni.toLowerCase(Locale.ROOT)) ? direct : redirected;
            }
            boolean inPool = sni != null && hostOwners.containsKey(sni.toLowerCase(Locale.ROOT));
            return Decision.roundRobin(
                    inPool ? null : Signal.FORWARDED_TO_POLICY_HOST,
                    Message.of(
                            "reason.pipy-https-round-robin",
                            port,
                            hostOwners.keySet().toString()),
                    pool);
        }
    }

    /** tcp: allowed, to the original destination. */
    private static final class Tcp extends Candidate {
        Tcp(List<PortRule> rules) {
            super(PortRule.TCP, rules);
        }

        private final Map<PortRule, Decision> decisions = new java.util.HashMap<>();

        {
            for (PortRule rule : rules) {
                decisions.put(rule, Chain.of(rule).allow());
            }
        }

        @Override
        Decision decide(EgressRequest r, CompiledPolicySet set) {
            PortRule best = null;
            for (PortRule rule : rules) {
                if (rule.policy().ranged && rule.policy().containsIp(r)) {
                    best = rule;
                    break;
                }
            }
            if (best == null) {
                best = rules.stream()
                        .filter(x -> !x.policy().ranged)
                        .findFirst()
                        .orElse(rules.get(0));
            }
            return decisions.get(best);
        }
    }
}
