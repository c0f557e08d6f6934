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
import java.util.ArrayList;
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
    private final List<Manifest> objects = new ArrayList<>();
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
            meshConfigSpec = (Map<String, Object>) MergePatch.apply(specOf(MeshConfig.DEFAULT), spec == null ? Map.of() : spec);
        } else {
            int existing = indexOf(m.kind(), m.namespace(), m.name());
            if (existing >= 0) {
                objects.set(existing, m);
            } else {
                objects.add(m);
            }
        }
        compiled = null;
    }

    /** Deletes an object; returns false when there was none. */
    public boolean delete(String kind, String namespace, String name) {
        int i = indexOf(kind, namespace, name);
        if (i < 0) {
            return false;
        }
        objects.remove(i);
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

    /** Fixes the monitored namespaces (null: derived from Namespace objects, or every namespace). */
    public void monitorNamespaces(Set<String> namespaces) {
        this.monitoredNamespaces = namespaces;
        compiled = null;
    }

    public List<Manifest> objects() {
        return List.copyOf(objects);
    }

    public MeshConfig meshConfig() {
        return PolicySet.of(List.of(Manifest.of(Map.of("apiVersion", MeshConfig.API_VERSION, "kind", MeshConfig.KIND,
                "metadata", Map.of("name", "osm-mesh-config"), "spec", meshConfigSpec)))).meshConfigOrDefault();
    }

    /** The policies as compiled now. */
    public CompiledPolicySet compiled() {
        CompiledPolicySet c = compiled;
        if (c == null) {
            PolicySet set = PolicySet.of(objects);
            MeshScope derived = MeshScope.of(set);
            Set<String> monitored = monitoredNamespaces != null ? monitoredNamespaces : derived.monitoredNamespaces();
            MeshUpstreams upstreams = new MeshUpstreams(objects, monitored);
            c = PolicyCompiler.compile(set, meshConfig(), engine, new MeshScope(monitored, upstreams::has));
            compiled = c;
        }
        return c;
    }

    /** Whether a client has mesh upstreams (see {@link MeshUpstreams}). */
    public boolean hasMeshUpstreams(Identity client) {
        return compiled().scope().hasMeshUpstreams(client);
    }

    private int indexOf(String kind, String namespace, String name) {
        for (int i = 0; i < objects.size(); i++) {
            Manifest o = objects.get(i);
            if (Objects.equals(o.kind(), kind) && Objects.equals(nz(o.namespace()), nz(namespace))
                    && Objects.equals(o.name(), name)) {
                return i;
            }
        }
        return -1;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static Map<String, Object> specOf(MeshConfig mc) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("featureFlags", new LinkedHashMap<>(Map.of("enableEgressPolicy", mc.enableEgressPolicy())));
        spec.put("traffic", new LinkedHashMap<>(Map.of("enableEgress", mc.enableEgress())));
        return spec;
    }
}
