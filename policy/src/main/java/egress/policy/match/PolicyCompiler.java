package egress.policy.match;

import egress.policy.model.Egress;
import egress.policy.model.Engine;
import egress.policy.model.HttpRouteGroup;
import egress.policy.model.Identity;
import egress.policy.model.MeshConfig;
import egress.policy.model.ObjectRef;
import egress.policy.model.PolicySet;
import egress.policy.model.Protocol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns policies into a {@link CompiledPolicySet}, the way osm's controller turns Egress objects into
 * per-client sidecar configuration: policies selected by source identity, grouped by port, each port
 * compiled for the engine. Pure: the same input always gives an equal result.
 */
public final class PolicyCompiler {
    private PolicyCompiler() {}

    /** Compiles with the mesh scope that the set itself implies (see {@link MeshScope#of}). */
    public static CompiledPolicySet compile(PolicySet set, MeshConfig meshConfig, Engine engine) {
        return compile(set, meshConfig, engine, MeshScope.of(set));
    }

    public static CompiledPolicySet compile(PolicySet set, MeshConfig meshConfig, Engine engine, MeshScope scope) {
        Map<ObjectRef, Egress> latest = new TreeMap<>();
        for (Egress e : set.egresses()) {
            latest.put(e.ref(), e); // a later object with the same name replaces the earlier, as apply does
        }
        Map<ObjectRef, HttpRouteGroup> groups = set.routeGroupsByRef();
        Set<ObjectRef> settings = CompiledPolicy.settingRefs(set.upstreamTrafficSettings());
        List<CompiledPolicy> policies = new ArrayList<>();
        Map<Identity, List<CompiledPolicy>> byClient = new LinkedHashMap<>();
        int order = 0;
        Compilation compilation = new Compilation();
        for (Egress e : latest.values()) {
            CompiledPolicy p = CompiledPolicy.of(e, order++, engine, scope, groups, settings, compilation);
            policies.add(p);
            if (p.ignoredBecause != null || !meshConfig.enableEgressPolicy()) {
                continue;
            }
            for (Egress.Source s : e.sources()) {
                if ("ServiceAccount".equals(s.kind()) && s.name() != null && s.namespace() != null) {
                    List<CompiledPolicy> list =
                            byClient.computeIfAbsent(new Identity(s.namespace(), s.name()), k -> new ArrayList<>());
                    if (!list.contains(p)) {
                        list.add(p);
                    }
                }
            }
        }
        Map<Identity, IntMap<PortTable>> clients = new HashMap<>();
        byClient.forEach((id, list) -> {
            IntMap<PortTable> ports = ports(id, list, engine, compilation);
            if (ports.size() > 0) {
                clients.put(id, ports);
            }
        });
        return new CompiledPolicySet(
                engine, meshConfig, scope, clients, policies, compilation.hosts, compilation.headerNames);
    }

    private static IntMap<PortTable> ports(
            Identity client, List<CompiledPolicy> policies, Engine engine, Compilation compilation) {
        Map<Integer, List<PortRule>> byPort = new TreeMap<>();
        for (CompiledPolicy p : policies) {
            List<Egress.Port> ports = p.egress.ports();
            for (int i = 0; i < ports.size(); i++) {
                String protocol = protocol(ports.get(i).protocol(), engine);
                int number = ports.get(i).number();
                if (protocol != null && number >= 1 && number <= 65535) {
                    byPort.computeIfAbsent(number, k -> new ArrayList<>()).add(new PortRule(p, i, number, protocol));
                }
            }
        }
        IntMap<PortTable> tables = new IntMap<>();
        byPort.forEach((port, rules) -> tables.put(
                port,
                engine == Engine.OSM
                        ? new OsmPort(client, port, rules, compilation)
                        : new PipyPort(client, port, rules, compilation)));
        return tables;
    }

    /**
     * The protocol as the engine reads it, or null when the engine builds nothing for it: Envoy's
     * listener builder compares the protocol as written, pipy lower-cases it first.
     */
    static String protocol(String written, Engine engine) {
        Protocol p = Protocol.read(written, engine);
        return p == null ? null : p.text();
    }
}
