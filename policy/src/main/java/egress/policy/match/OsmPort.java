package egress.policy.match;

import egress.policy.i18n.Message;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One port under {@code osm}, the Envoy data plane: filter chains chosen by destination IP range,
 * then TLS server name, then sniffed HTTP. HTTP requests go to the HTTP chain and its virtual hosts
 * (404 when no host or route matches) unless a chain with an IP range that contains the destination
 * is more specific. On a port with a tcp-server-first rule nothing is sniffed, so only tcp rules apply.
 * Several matching chains are a union; the one named is the most specific (server name or IP range
 * before port alone), then the first by namespace/name.
 */
final class OsmPort implements PortTable {
    private final int port;
    private final boolean serverFirstPort;
    private final HttpHosts http;
    /** Server names of https chains (built on the first, most ports have none). */
    private Map<String, List<Chain>> sniExact = Map.of();

    private final Identity client;
    private final HostIndex index;
    /** Whether some https chain names an exact server name (they live in the set's {@link HostIndex}). */
    private final boolean anyServerName;

    private List<Map.Entry<String, Chain>> sniWildcards = List.of();
    /** Null until a chain has an IPv4 range (most ports have none). */
    private CidrIndex<Chain> ranged;

    private CidrIndex6<Chain> ranged6;
    private Chain portOnly;
    private final boolean anyRanged;
    /** The rules the port was built from, less those a tcp-server-first rule leaves out. */
    private final List<PortRule> built;

    OsmPort(Identity client, int port, List<PortRule> rules, Compilation compilation) {
        this.port = port;
        this.anyRanged = rules.stream().anyMatch(r -> !r.policy().ranges.isEmpty());
        this.serverFirstPort = rules.stream().anyMatch(r -> r.protocol().equals(PortRule.TCP_SERVER_FIRST));
        List<PortRule> httpRules = new ArrayList<>();
        List<PortRule> built = new ArrayList<>();
        for (PortRule r : rules) {
            switch (r.protocol()) {
                case PortRule.HTTP -> httpRules.add(r);
                case PortRule.HTTPS -> {
                    if (!serverFirstPort) {
                        addHttps(r);
                        built.add(r);
                    }
                }
                default -> {
                    addRanged(Chain.of(r));
                    built.add(r);
                }
            }
        }
        if (!serverFirstPort) {
            built.addAll(httpRules);
        }
        built.sort(java.util.Comparator.comparingInt(PortRule::order).thenComparingInt(PortRule::portIndex));
        this.built = List.copyOf(built);
        this.client = client;
        this.index = compilation.hosts;
        this.anyServerName = !sniExact.isEmpty();
        // with no IP-range chain and no wildcard name on the port, an exact name's own chains decide alone
        boolean byNameAlone = ranged == null && ranged6 == null && sniWildcards.isEmpty();
        sniExact.forEach((name, chains) -> index.putServerName(
                client,
                port,
                compilation.intern(name),
                new ServerName(this, chains.toArray(new Chain[0]), byNameAlone)));
        sniExact = null; // only needed while building
        this.http = httpRules.isEmpty() || serverFirstPort
                ? null
                : new HttpHosts(
                        Engine.OSM, client, port, httpRules, this, ranged == null && ranged6 == null, compilation);
    }

    private void addHttps(PortRule r) {
        List<String> hosts = r.policy().egress.hosts();
        if (hosts.isEmpty()) {
            addRanged(Chain.https(r, null));
            return;
        }
        for (String h : hosts) {
            String name = h.toLowerCase(Locale.ROOT);
            Chain c = Chain.https(r, h);
            if (name.startsWith("*.")) {
                if (sniWildcards.isEmpty()) {
                    sniWildcards = new ArrayList<>(1);
                }
                sniWildcards.add(Map.entry(name.substring(1), c));
            } else {
                if (sniExact.isEmpty()) {
                    sniExact = new HashMap<>();
                }
                sniExact.computeIfAbsent(name, k -> new ArrayList<>(1)).add(c);
            }
        }
    }

    private void addRanged(Chain c) {
        CompiledPolicy policy = c.rule().policy();
        if (!policy.ranged) {
            if (portOnly == null || c.order() < portOnly.order()) {
                portOnly = c;
            }
        } else {
            for (Cidr cidr : policy.ranges.v4) {
                if (ranged == null) {
                    ranged = new CidrIndex<>();
                }
                ranged.add(cidr, c);
            }
            for (Cidr6 cidr : policy.ranges.v6) {
                if (ranged6 == null) {
                    ranged6 = new CidrIndex6<>();
                }
                ranged6.add(cidr, c);
            }
        }
    }

    /** http: the policy hosts (Envoy routes by Host, so IP ranges give none); https: server names, else ranges. */
    @Override
    public void reach(Identity client, List<ReachGraph.Edge> out) {
        for (PortRule r : built) {
            boolean byName = r.protocol().equals(PortRule.HTTP)
                    || r.protocol().equals(PortRule.HTTPS)
                            && !r.policy().egress.hosts().isEmpty();
            if (byName) {
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

    /** An HTTP request whose Host is the exact name {@code hr} of this port: as {@link #decide} would. */
    @Override
    public Decision decideHost(EgressRequest r, HostRoutes hr, CompiledPolicySet set) {
        Chain specific = byRange(r);
        if (specific != null) {
            return specific.allow();
        }
        return admit(r, hr, set);
    }

    @Override
    public Decision decide(EgressRequest r, CompiledPolicySet set, boolean hostNotIndexed) {
        if (r.protocol() == AppProtocol.HTTP && http != null) {
            Chain specific = byRange(r);
            if (specific != null) {
                return specific.allow();
            }
            Object found = http.find(r.authority(), hostNotIndexed);
            if (found == null) {
                return noHost(r, set);
            }
            return found instanceof Decision every ? every : admit(r, (HostRoutes) found, set);
        }
        return decideChains(r, set);
    }

    /** An HTTP request whose Host no policy host of its port answers to: Envoy's 404. */
    static Decision noHost(EgressRequest r, CompiledPolicySet set) {
        return set.deny(Signal.HTTP_404, null, Message.of("reason.osm-no-host", r.authority(), r.port()), r);
    }

    /** A TCP connection that no chain of its port takes (no IP range holds it and no chain is by port alone). */
    static Decision noTcpRule(EgressRequest r, CompiledPolicySet set) {
        return set.noMatch(r, Message.of("reason.no-rule-matches", r.port(), Message.of("what.tcp", r.ipText())));
    }

    /**
     * Whether an HTTP request whose Host the set's {@link HostIndex} lacks is refused here with {@link #noHost}
     * whatever else it carries: the port has an HTTP chain whose hosts are all exact names, and no IP-range
     * chain that could take the request first.
     */
    boolean onlyExactHosts() {
        return http != null && ranged == null && ranged6 == null && http.onlyExact();
    }

    /**
     * What decides a TCP connection to an IPv4 address that does not wait for the server to speak first, when
     * the port's IPv4 ranges are at most {@code max}: those ranges in the order {@link #byRange} prefers them, each
     * with its chain's allow, and the allow of the chain by port alone that takes what no range holds (null: none,
     * {@link #noTcpRule}). Null when the port has no IPv4 range or more than {@code max}.
     */
    TcpByRange tcpByRange(int max) {
        List<Map.Entry<Cidr, Chain>> ranges = ranged == null ? null : ranged.inPreference(max);
        if (ranges == null || ranges.isEmpty()) {
            return null;
        }
        Cidr[] cidrs = new Cidr[ranges.size()];
        Decision[] allows = new Decision[ranges.size()];
        for (int i = 0; i < cidrs.length; i++) {
            cidrs[i] = ranges.get(i).getKey();
            allows[i] = ranges.get(i).getValue().allow();
        }
        return new TcpByRange(cidrs, allows, portOnly == null ? null : portOnly.allow());
    }

    /** See {@link #tcpByRange}. */
    record TcpByRange(Cidr[] ranges, Decision[] allows, Decision orElse) {}

    private Decision admit(EgressRequest r, HostRoutes hr, CompiledPolicySet set) {
        Decision d = hr.admit(r);
        if (d != null) {
            return d;
        }
        return refuseHost(r, hr, set);
    }

    /** A request for the policy host {@code hr} of this port that none of its grants admits: Envoy's 404. */
    Decision refuseHost(EgressRequest r, HostRoutes hr, CompiledPolicySet set) {
        return set.deny(
                Signal.HTTP_404,
                hr.guard(),
                Message.of("reason.osm-no-route", hr.host, port, r.method(), r.target()),
                r);
    }

    /** The https chains of one client's port for one exact server name, in the set's {@link HostIndex}. */
    static final class ServerName {
        final OsmPort table;
        final Chain[] chains;
        /**
         * The decision of every TLS request for this name that does not wait for the server to speak first, when
         * the name's chains decide alone (no IP-range chain or wildcard name on the port) and none of them has
         * IP ranges; else null. It is what {@link OsmPort#bySni} picks then: the earliest chain.
         */
        final Decision every;

        ServerName(OsmPort table, Chain[] chains, boolean byNameAlone) {
            this.table = table;
            this.chains = chains;
            Chain first = null;
            boolean unranged = byNameAlone;
            for (Chain c : chains) {
                unranged &= !c.rule().policy().ranged;
                first = earlier(first, c);
            }
            this.every = unranged && first != null ? first.allow() : null;
        }
    }

    /**
     * A TLS request whose server name (in lower case) is {@code exact}, found in the set's index: as
     * {@link #decide} would.
     */
    Decision decideServerName(EgressRequest r, ServerName exact, CompiledPolicySet set) {
        return decideChains(r, set, exact, true);
    }

    private Decision decideChains(EgressRequest r, CompiledPolicySet set) {
        return decideChains(r, set, null, false);
    }

    /** @param known whether {@code exact} is already the index's answer for the server name */
    private Decision decideChains(EgressRequest r, CompiledPolicySet set, ServerName exact, boolean known) {
        String sni = r.protocol() == AppProtocol.TLS && !serverFirstPort ? r.sni() : null;
        Chain best = byRange(r);
        if (sni != null) {
            String name = sni.toLowerCase(Locale.ROOT);
            if (!known && anyServerName) {
                exact = (ServerName) index.findServerName(client, port, name);
            }
            best = earlier(best, bySni(name, exact, r));
        }
        if (best == null) {
            best = portOnly;
        }
        if (best == null) {
            if (r.protocol() == AppProtocol.TCP) {
                return noTcpRule(r, set);
            }
            Message what = serverFirstPort
                    ? Message.of("reason.server-first-port", port)
                    : Message.of("reason.no-rule-matches", port, describe(r, sni));
            return set.noMatch(r, what);
        }
        if (r.serverFirst() && !serverFirstPort) {
            return Decision.allow(
                    best.rule().ref(null),
                    Upstream.ORIGINAL_DESTINATION,
                    Signal.FORWARDED,
                    Message.of("reason.after-listener-timeout", best.allow().reasonMessage()));
        }
        return best.allow();
    }

    /** The first chain whose ranges hold the destination: IPv4 ranges for IPv4, IPv6 ranges for IPv6. */
    private Chain byRange(EgressRequest r) {
        if (r.ipv6() == null) {
            return ranged == null ? null : ranged.first(r.ip());
        }
        return ranged6 == null ? null : ranged6.first(r.ipv6());
    }

    private Chain bySni(String sni, ServerName exact, EgressRequest ip) {
        Chain best = null;
        if (exact != null) {
            for (Chain c : exact.chains) {
                if (c.containsIp(ip)) {
                    best = earlier(best, c);
                }
            }
        }
        for (Map.Entry<String, Chain> w : sniWildcards) {
            if (sni.length() > w.getKey().length()
                    && sni.endsWith(w.getKey())
                    && w.getValue().containsIp(ip)) {
                best = earlier(best, w.getValue());
            }
        }
        return best;
    }

    private static Chain earlier(Chain a, Chain b) {
        if (a == null) {
            return b;
        }
        return b == null || a.order() <= b.order() ? a : b;
    }

    private static Message describe(EgressRequest r, String sni) {
        return switch (r.protocol()) {
            case TLS -> sni == null ? Message.of("what.tls-no-name") : Message.of("what.tls-name", sni);
            case HTTP -> Message.of("what.http-no-rule");
            case TCP -> Message.of("what.tcp", r.ipText());
        };
    }
}
