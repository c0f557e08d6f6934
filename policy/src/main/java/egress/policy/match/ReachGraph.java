package egress.policy.match;

import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.ObjectRef;
import egress.policy.model.PolicySet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may reach what, read from the compiled tables, so it shows only what the engine builds: a client's
 * Egress policies and, per port rule, the destinations that rule admits (a host, an IP range as written, or
 * {@code *} for any address). A policy the controller ignores (unmonitored namespace, missing
 * UpstreamTrafficSetting), a protocol the engine does not read, or {@code ipAddresses} on an http port (Envoy
 * routes http by host) gives no edge.
 *
 * @param edges   one per client, port rule and destination, by client then port
 * @param ignored why the controller ignores a policy, for the policies it ignores
 */
public record ReachGraph(List<Edge> edges, Map<ObjectRef, String> ignored) {

    public ReachGraph {
        edges = List.copyOf(edges);
        ignored = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ignored));
    }

    /**
     * One thing a client may reach through one port rule.
     *
     * @param portIndex   the rule's index in the policy's {@code spec.ports}
     * @param protocol    as the engine reads it (lower case)
     * @param destination a policy host, an IP range as written, or {@code *}
     */
    public record Edge(
            Identity client, ObjectRef policy, int portIndex, int port, String protocol, String destination) {}

    /** The graph of a set of manifests as {@code engine} compiles them (the set's MeshConfig and mesh scope). */
    public static ReachGraph of(PolicySet set, Engine engine) {
        return of(PolicyCompiler.compile(set, set.meshConfigOrDefault(), engine));
    }

    public static ReachGraph of(CompiledPolicySet set) {
        List<Edge> edges = new ArrayList<>();
        List<Identity> clients = new ArrayList<>(set.clients().keySet());
        clients.sort(Comparator.comparing(Identity::namespace).thenComparing(Identity::name));
        for (Identity client : clients) {
            IntMap<PortTable> ports = set.clients().get(client);
            for (int port : ports.keys()) {
                ports.get(port).reach(client, edges);
            }
        }
        Map<ObjectRef, String> ignored = new LinkedHashMap<>();
        for (CompiledPolicy p : set.policies()) {
            if (p.ignoredBecause != null) {
                ignored.put(p.ref, p.ignoredBecause.english());
            }
        }
        return new ReachGraph(edges, ignored);
    }

    /** The edge of a rule to each of its hosts. */
    static void toHosts(Identity client, PortRule r, List<Edge> out) {
        for (String host : r.policy().egress.hosts()) {
            out.add(edge(client, r, host));
        }
    }

    /** The edge of a rule to each of its valid IP ranges, or to any address when it has none. */
    static void toRanges(Identity client, PortRule r, List<Edge> out) {
        List<String> ranges = r.policy().egress.ipAddresses().stream()
                .filter(s -> GoCidr.tryParse(s) != null)
                .toList();
        if (ranges.isEmpty()) {
            out.add(edge(client, r, "*"));
        }
        for (String range : ranges) {
            out.add(edge(client, r, range));
        }
    }

    private static Edge edge(Identity client, PortRule r, String destination) {
        return new Edge(client, r.policy().ref, r.portIndex(), r.port(), r.protocol(), destination);
    }
}
