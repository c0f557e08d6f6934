package egress.policy.match;

import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.MeshConfig;
import java.util.List;
import java.util.Map;

/**
 * Policies compiled for one engine and one mesh configuration: immutable, shared by every thread,
 * with no locks and no I/O in {@link #decide}. Lookups go by client identity, then destination port,
 * then host (hash map) or IP range (one hash lookup per prefix length).
 */
public final class CompiledPolicySet {
    private final Engine engine;
    private final MeshConfig meshConfig;
    private final MeshScope scope;
    private final Map<Identity, IntMap<PortTable>> clients;
    private final List<CompiledPolicy> policies;
    private final IpRanges excludedRanges;
    private final IpRanges includedRanges;
    private final Decision passthrough;

    CompiledPolicySet(Engine engine, MeshConfig meshConfig, MeshScope scope, Map<Identity, IntMap<PortTable>> clients,
                      List<CompiledPolicy> policies) {
        this.engine = engine;
        this.meshConfig = meshConfig;
        this.scope = scope;
        this.clients = Map.copyOf(clients);
        this.policies = List.copyOf(policies);
        this.excludedRanges = IpRanges.of(meshConfig.outboundIPRangeExclusionList());
        this.includedRanges = IpRanges.of(meshConfig.outboundIPRangeInclusionList());
        this.passthrough = Decision.allow(null, Upstream.ORIGINAL_DESTINATION, Signal.FORWARDED,
                "no Egress matches; global egress (enableEgress) passes it to its original destination");
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

    /** How many Egress policies were compiled (ignored ones included). */
    public int policyCount() {
        return policies.size();
    }

    /** Decides one request. Thread-safe, allocation-light, never throws for a well-formed request. */
    public Decision decide(EgressRequest r) {
        String excluded = excluded(r);
        if (excluded != null) {
            return Decision.allow(null, Upstream.ORIGINAL_DESTINATION, Signal.FORWARDED,
                    "not intercepted: " + excluded + ", so the connection goes out directly");
        }
        IntMap<PortTable> ports = clients.get(r.source());
        if (ports == null) {
            if (!meshConfig.enableEgress() && !scope.hasMeshUpstreams(r.source())) {
                return deny(Signal.CONNECTION_REFUSED, null, "the sidecar of " + r.source()
                        + " has no outbound listener: no Egress applies to it, it has no mesh upstreams "
                        + "and global egress is off", r);
            }
            return noMatch(r, "no Egress applies to " + r.source());
        }
        PortTable table = ports.get(r.port());
        if (table == null) {
            return noMatch(r, "no Egress for " + r.source() + " lists port " + r.port());
        }
        return table.decide(r, this);
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
        return clients.containsKey(client) || meshConfig.enableEgress()
                || scope.hasMeshUpstreams(client);
    }

    boolean globalEgress() {
        return meshConfig.enableEgress();
    }

    /** Nothing matched on a listener that exists: global egress passes it, else it is closed. */
    Decision noMatch(EgressRequest r, String why) {
        if (meshConfig.enableEgress()) {
            return passthrough;
        }
        return deny(Signal.CONNECTION_CLOSED, null, why + "; the connection is closed", r);
    }

    Decision passthrough(String why) {
        return Decision.allow(null, Upstream.ORIGINAL_DESTINATION, Signal.FORWARDED, why);
    }

    Decision deny(Signal signal, RuleRef rule, String reason, EgressRequest r) {
        return Decision.deny(signal, rule, reason, () -> NearestMiss.find(this, r));
    }

    List<CompiledPolicy> policies() {
        return policies;
    }

    Map<Identity, IntMap<PortTable>> clients() {
        return clients;
    }

    private String excluded(EgressRequest r) {
        if (!meshConfig.outboundPortExclusionList().isEmpty() && meshConfig.outboundPortExclusionList().contains(r.port())) {
            return "port " + r.port() + " is in outboundPortExclusionList";
        }
        String range = excludedRanges.isEmpty() ? null : excludedRanges.rangeOf(r);
        if (range != null) {
            return r.ipText() + " is in outboundIPRangeExclusionList (" + range + ")";
        }
        if (includedRanges.hasFamilyOf(r) && !includedRanges.contains(r)) {
            return r.ipText() + " is outside outboundIPRangeInclusionList";
        }
        return null;
    }
}
