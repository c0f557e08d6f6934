package egress.policy.match;

import egress.policy.i18n.Message;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.MeshConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Policies compiled for one engine and one mesh configuration: immutable, shared by every thread,
 * with no locks and no I/O in {@link #decide}. A decision finds the set's own instance of the client (see
 * {@link #client}), then an exact HTTP host or osm server name in one probe of the {@link HostIndex}, else the
 * port table in one probe of the {@link PortIndex}, which goes on by host wildcard or IP range.
 */
public final class CompiledPolicySet {
    private final Engine engine;
    private final MeshConfig meshConfig;
    private final MeshScope scope;
    private final Map<Identity, IntMap<PortTable>> clients;
    /** Each client identity of {@link #clients} to itself: the instance {@link #client} hands out. */
    private final Map<Identity, Identity> canonical;
    /** The port tables of {@link #clients}, by client and port in one table. */
    private final PortIndex ports;
    /**
     * The instances of {@link #canonical}, by {@link System#identityHashCode} (open addressing): whether a request's
     * identity is the set's own instance is one probe here, which reads no names.
     */
    private final Object[] own;

    private final List<CompiledPolicy> policies;
    private final IpRanges excludedRanges;
    private final IpRanges includedRanges;
    private final Decision passthrough;
    private final HostIndex hosts;
    private final boolean osm;
    private final Set<String> routeHeaderNames;

    CompiledPolicySet(
            Engine engine,
            MeshConfig meshConfig,
            MeshScope scope,
            Map<Identity, IntMap<PortTable>> clients,
            List<CompiledPolicy> policies,
            HostIndex hosts,
            Set<String> routeHeaderNames) {
        this.hosts = hosts;
        hosts.trim();
        this.routeHeaderNames = Set.copyOf(routeHeaderNames);
        this.osm = engine == Engine.OSM;
        this.engine = engine;
        this.meshConfig = meshConfig;
        this.scope = scope;
        this.clients = Map.copyOf(clients);
        Map<Identity, Identity> same = new java.util.HashMap<>();
        clients.keySet().forEach(id -> same.put(id, id));
        this.canonical = Map.copyOf(same);
        this.ports = new PortIndex(this.clients);
        int capacity = 2;
        while (capacity < 2 * clients.size() + 2) {
            capacity <<= 1;
        }
        this.own = new Object[capacity];
        for (Identity id : this.canonical.keySet()) {
            int i = spread(System.identityHashCode(id)) & (capacity - 1);
            while (own[i] != null) {
                i = (i + 1) & (capacity - 1);
            }
            own[i] = id;
        }
        this.policies = List.copyOf(policies);
        this.excludedRanges = IpRanges.of(meshConfig.outboundIPRangeExclusionList());
        this.includedRanges = IpRanges.of(meshConfig.outboundIPRangeInclusionList());
        this.passthrough =
                Decision.allow(null, Upstream.ORIGINAL_DESTINATION, Signal.FORWARDED, Message.of("reason.passthrough"));
    }

    public Engine engine() {
        return engine;
    }

    public MeshConfig meshConfig() {
        return meshConfig;
    }

    public MeshScope scope() {
        return scope;
    }

    /**
     * The names of the request headers that some route match of the set tests, as {@link EgressRequest#headers()}
     * must hold them (lower case under osm): the only headers a decision can depend on, so the only ones a
     * recorded request needs to be replayed.
     */
    public Set<String> routeHeaderNames() {
        return routeHeaderNames;
    }

    /** How many Egress policies were compiled (ignored ones included). */
    public int policyCount() {
        return policies.size();
    }

    /**
     * The set's own instance of a client identity (the one its compiled tables hold), or {@code id} itself when
     * no policy selects it. A caller that decides many requests for one client asks once and builds its requests
     * with the answer: {@link #decide} then settles the client by reference ({@code ==}) where it would otherwise
     * compare names. Decisions never depend on it: an equal identity of another instance gets the same decision,
     * only slower. The answer belongs to this set; a caller that swaps in a newly compiled set asks that set again.
     */
    public Identity client(Identity id) {
        Identity known = own(id);
        return known != null ? known : id;
    }

    /**
     * The set's own instance of {@code id}, or null when no policy selects it: {@code id} itself when it is that
     * instance (one probe by identity), else an equal one found by name.
     */
    private Identity own(Identity id) {
        Object[] table = own;
        int mask = table.length - 1;
        int i = spread(System.identityHashCode(id)) & mask;
        Object o;
        while ((o = table[i]) != null) {
            if (o == id) {
                return id;
            }
            i = (i + 1) & mask;
        }
        return canonical.get(id);
    }

    private static int spread(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }

    /** Decides one request. Thread-safe, allocation-light, never throws for a well-formed request. */
    public Decision decide(EgressRequest r) {
        Message excluded = excluded(r);
        if (excluded != null) {
            return Decision.allow(
                    null,
                    Upstream.ORIGINAL_DESTINATION,
                    Signal.FORWARDED,
                    Message.of("reason.not-intercepted", excluded));
        }
        // the set's tables hold its own instance of each client, and compare them by reference
        Identity client = own(r.source());
        if (client == null) {
            if (!meshConfig.enableEgress() && !scope.hasMeshUpstreams(r.source())) {
                return deny(Signal.CONNECTION_REFUSED, null, Message.of("reason.no-listener", r.source()), r);
            }
            return noMatch(r, Message.of("reason.no-egress-for-source", r.source()));
        }
        boolean hostNotIndexed = false;
        if (r.protocol() == AppProtocol.HTTP && r.authority() != null) {
            // an exact policy host: one probe of the host index finds the decision, or its routes and port table
            int slot = hosts.slot(client, r.port(), HttpHosts.key(r.authority(), osm));
            hostNotIndexed = slot < 0;
            if (!hostNotIndexed) {
                // what the slot holds is told by the slot, not by the class of the object it points to
                if (hosts.holdsDecision(slot)) {
                    return hosts.decision(slot);
                }
                Object[] routes = hosts.routeList(slot);
                if (routes != null) {
                    // the host's one grant decides alone by its route matches, held in the slot
                    Decision d = HostRoutes.firstRoute(routes, r);
                    if (d != null) {
                        return d;
                    }
                    HostRoutes hr = hosts.routes(slot);
                    return ((OsmPort) hr.table).refuseHost(r, hr, this);
                }
                HostRoutes hr = hosts.routes(slot);
                if (hr.byHostAlone) {
                    Decision d = hr.admit(r);
                    return d != null ? d : ((OsmPort) hr.table).refuseHost(r, hr, this);
                }
                Decision d = hr.table.decideHost(r, hr, this);
                if (d != null) {
                    return d;
                }
            }
        }
        if (r.protocol() == AppProtocol.TLS && r.sni() != null && osm) {
            // an exact server name of an https chain: the index finds its chains and port table
            int slot = hosts.serverNameSlot(client, r.port(), r.sni().toLowerCase(java.util.Locale.ROOT));
            if (slot >= 0) {
                // the slot holds the name's decision of every request beside its chains: one load fewer
                Decision every = hosts.everyServerName(slot);
                if (every != null && !r.serverFirst()) {
                    return every;
                }
                OsmPort.ServerName exact = hosts.serverName(slot);
                return exact.table.decideServerName(r, exact, this);
            }
        }
        if (r.protocol() == AppProtocol.TCP && osm && r.ipv6() == null && !r.serverFirst()) {
            // by IPv4 range: the port index's TCP table holds the ranges and their allows, not the port table
            Decision d = ports.tcp(client, r.port(), r.ip());
            if (d != null) {
                return d != PortIndex.NO_TCP_RULE ? d : OsmPort.noTcpRule(r, this);
            }
        }
        int slot = ports.slot(client, r.port());
        if (slot >= 0) {
            if (hostNotIndexed && ports.onlyExactHosts(slot)) {
                // the port's hosts are all exact names and the host index has none for this one
                return OsmPort.noHost(r, this);
            }
            return ports.table(slot).decide(r, this, hostNotIndexed);
        }
        return noMatch(r, Message.of("reason.no-egress-for-port", r.source(), r.port()));
    }

    /**
     * Whether the destination IP can change the decision for this client and port: some rule on the port has
     * {@code ipAddresses}, or the mesh configuration excludes or includes IP ranges. When it cannot, a caller
     * may decide before it resolves a name (with any IP) and resolve only what is allowed.
     */
    public boolean needsIp(Identity client, int port) {
        if (!excludedRanges.isEmpty() || !includedRanges.isEmpty()) {
            return true;
        }
        IntMap<PortTable> ports = clients.get(client);
        PortTable table = ports == null ? null : ports.get(port);
        return table != null && table.ranged();
    }

    /** The {@code ipAddresses} of the Egress {@code ref} as written, or an empty list for an unknown one. */
    public List<String> ipAddressesOf(egress.policy.model.ObjectRef ref) {
        for (CompiledPolicy p : policies) {
            if (p.ref.equals(ref)) {
                return p.egress.ipAddresses();
            }
        }
        return List.of();
    }

    /** Whether a client's sidecar has an outbound listener at all. */
    public boolean hasListener(Identity client) {
        return clients.containsKey(client) || meshConfig.enableEgress() || scope.hasMeshUpstreams(client);
    }

    boolean globalEgress() {
        return meshConfig.enableEgress();
    }

    /** Nothing matched on a listener that exists: global egress passes it, else it is closed. */
    Decision noMatch(EgressRequest r, Message why) {
        if (meshConfig.enableEgress()) {
            return passthrough;
        }
        return deny(Signal.CONNECTION_CLOSED, null, Message.of("reason.closed", why), r);
    }

    Decision passthrough(Message why) {
        return Decision.allow(null, Upstream.ORIGINAL_DESTINATION, Signal.FORWARDED, why);
    }

    Decision deny(Signal signal, RuleRef rule, Message reason, EgressRequest r) {
        return Decision.deny(signal, rule, reason, () -> NearestMiss.find(this, r));
    }

    HostIndex hostIndex() {
        return hosts;
    }

    PortIndex portIndex() {
        return ports;
    }

    List<CompiledPolicy> policies() {
        return policies;
    }

    Map<Identity, IntMap<PortTable>> clients() {
        return clients;
    }

    private Message excluded(EgressRequest r) {
        if (!meshConfig.outboundPortExclusionList().isEmpty()
                && meshConfig.outboundPortExclusionList().contains(r.port())) {
            return Message.of("excluded.port", r.port());
        }
        String range = excludedRanges.isEmpty() ? null : excludedRanges.rangeOf(r);
        if (range != null) {
            return Message.of("excluded.range", r.ipText(), range);
        }
        if (includedRanges.hasFamilyOf(r) && !includedRanges.contains(r)) {
            return Message.of("excluded.outside-inclusion", r.ipText());
        }
        return null;
    }
}
