package egress.simulator.mesh;

import egress.policy.match.CompiledPolicySet;
import egress.policy.match.MeshScope;
import egress.policy.match.PolicyCompiler;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.MeshConfig;
import egress.policy.model.PolicySet;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.MergePatch;
import egress.policy.yaml.Tree;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A mesh without a cluster: the objects applied to it, its MeshConfig, its DNS, and the policies
 * compiled from them (recompiled after every change, on first use).
 */
public final class SimulatedMesh {
    private final Engine engine;
    private final Dns dns;
    /** The objects by kind, namespace and name, in the order they were first applied. */
    private final Map<Key, Manifest> objects = new LinkedHashMap<>();

    private Map<String, Object> meshConfigSpec;
    private Set<String> monitoredNamespaces;
    private CompiledPolicySet compiled;

    public SimulatedMesh(Engine engine, Dns dns) {
        this.engine = Objects.requireNonNull(engine);
        this.dns = Objects.requireNonNull(dns);
        this.meshConfigSpec = specOf(MeshConfig.DEFAULT);
    }

    public Engine engine() {
        return engine;
    }

    public Dns dns() {
        return dns;
    }

    /** Creates the object, or replaces the one with the same kind, namespace and name (kubectl apply). */
    public void apply(Manifest m) {
        if (MeshConfig.KIND.equals(m.kind())) {
            Map<String, Object> spec = Tree.map(m.content(), "spec");
            meshConfigSpec =
                    (Map<String, Object>) MergePatch.apply(specOf(MeshConfig.DEFAULT), spec == null ? Map.of() : spec);
        } else {
            objects.put(new Key(m.kind(), m.namespace(), m.name()), m); // a replaced object keeps its place
        }
        compiled = null;
    }

    /** Deletes an object; returns false when there was none. */
    public boolean delete(String kind, String namespace, String name) {
        if (objects.remove(new Key(kind, namespace, name)) == null) {
            return false;
        }
        compiled = null;
        return true;
    }

    /** Applies a JSON merge patch to the MeshConfig's spec, as {@code kubectl patch meshconfig --type=merge -p '{"spec":...}'}. */
    @SuppressWarnings("unchecked")
    public void patchMeshConfig(Map<String, Object> patch) {
        Object spec = patch.get("spec");
        meshConfigSpec = (Map<String, Object>) MergePatch.apply(meshConfigSpec, spec == null ? Map.of() : spec);
        compiled = null;
    }

    /**
     * Merges the test format's short MeshConfig keys: {@code enableEgressPolicy} (a feature flag), and
     * {@code enableEgress} or any other {@code spec.traffic} field by its name.
     */
    public void mergeMeshConfig(Map<String, Object> keys) {
        Map<String, Object> traffic = new LinkedHashMap<>();
        Map<String, Object> flags = new LinkedHashMap<>();
        keys.forEach((k, v) -> {
            if (k.equals("enableEgressPolicy")) {
                flags.put(k, v);
            } else {
                traffic.put(k, v);
            }
        });
        patchMeshConfig(Map.of("spec", Map.of("featureFlags", flags, "traffic", traffic)));
    }

    /**
     * The namespaces monitored by default (null: every one); a namespace whose Namespace object is applied
     * follows that object instead ({@link MeshScope}).
     */
    public void monitorNamespaces(Set<String> namespaces) {
        this.monitoredNamespaces = namespaces;
        compiled = null;
    }

    public List<Manifest> objects() {
        return List.copyOf(objects.values());
    }

    public MeshConfig meshConfig() {
        return PolicySet.of(List.of(Manifest.of(Map.of(
                        "apiVersion",
                        MeshConfig.API_VERSION,
                        "kind",
                        MeshConfig.KIND,
                        "metadata",
                        Map.of("name", "osm-mesh-config"),
                        "spec",
                        meshConfigSpec))))
                .meshConfigOrDefault();
    }

    /** The policies as compiled now. */
    public CompiledPolicySet compiled() {
        CompiledPolicySet c = compiled;
        if (c == null) {
            List<Manifest> all = List.copyOf(objects.values());
            PolicySet set = PolicySet.of(all);
            MeshScope scope = MeshScope.of(set.namespaces(), monitoredNamespaces);
            MeshUpstreams upstreams = new MeshUpstreams(all, scope);
            c = PolicyCompiler.compile(set, meshConfig(), engine, scope.withMeshUpstreams(upstreams::has));
            compiled = c;
        }
        return c;
    }

    /** Which namespaces the mesh monitors now, and whether its webhook checks them. */
    public MeshScope scope() {
        return compiled().scope();
    }

    /** Whether a client has mesh upstreams (see {@link MeshUpstreams}). */
    public boolean hasMeshUpstreams(Identity client) {
        return compiled().scope().hasMeshUpstreams(client);
    }

    /** What identifies an object; no namespace and the empty one are the same. */
    private record Key(String kind, String namespace, String name) {
        Key {
            namespace = namespace == null ? "" : namespace;
        }
    }

    private static Map<String, Object> specOf(MeshConfig mc) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("featureFlags", new LinkedHashMap<>(Map.of("enableEgressPolicy", mc.enableEgressPolicy())));
        spec.put("traffic", new LinkedHashMap<>(Map.of("enableEgress", mc.enableEgress())));
        return spec;
    }
}
