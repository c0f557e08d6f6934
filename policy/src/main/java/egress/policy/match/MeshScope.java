package egress.policy.match;

import egress.policy.i18n.Message;
import egress.policy.model.Identity;
import egress.policy.model.Namespace;
import egress.policy.model.PolicySet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the mesh is made of, beyond the policies: which namespaces it monitors, and which clients have
 * in-mesh upstreams (and so an outbound listener even without any egress rule).
 *
 * <p>This is the one place the product decides whether a namespace is monitored. A namespace whose own
 * {@code Namespace} manifest is among the resources is monitored exactly when that manifest carries
 * {@code openservicemesh.io/monitored-by: osm} (the mesh name; a missing or empty label, or another mesh's
 * name, means unmonitored: its Egresses are inert and skip the webhook). The {@code openservicemesh.io/ignore}
 * label stops the webhook (and sidecar injection), not monitoring. Any other namespace follows a default:
 * every namespace, or a given set (a test file's {@code mesh.namespaces}, or the namespaces it names).
 *
 * @param byDefault      the monitored namespaces among those without a Namespace manifest; null: every one
 * @param manifests      the Namespace manifests, by name; each decides for its own namespace
 * @param meshUpstreams  which clients have in-mesh upstreams (none by default)
 */
public record MeshScope(Set<String> byDefault, Map<String, Namespace> manifests, Predicate<Identity> meshUpstreams) {
    /** The mesh's name, as the osm-edge chart sets it by default ({@code meshName: osm}). */
    public static final String MESH_NAME = "osm";

    private static final Predicate<Identity> NONE = id -> false;
    public static final MeshScope EVERYTHING = new MeshScope(null, Map.of(), NONE);

    public MeshScope {
        byDefault = byDefault == null ? null : Set.copyOf(byDefault);
        manifests = Map.copyOf(manifests);
        meshUpstreams = meshUpstreams == null ? NONE : meshUpstreams;
    }

    /** Exactly these namespaces are monitored (null: every one), whatever Namespace manifests say. */
    public MeshScope(Set<String> monitoredNamespaces, Predicate<Identity> meshUpstreams) {
        this(monitoredNamespaces, Map.of(), meshUpstreams);
    }

    /** The scope a set of manifests implies: its Namespace manifests decide, every other namespace is monitored. */
    public static MeshScope of(PolicySet set) {
        return of(set.namespaces(), null);
    }

    /** The scope of these Namespace manifests over a default (null: every namespace without a manifest). */
    public static MeshScope of(Collection<Namespace> namespaces, Set<String> byDefault) {
        Map<String, Namespace> byName = new LinkedHashMap<>();
        for (Namespace n : namespaces) {
            byName.put(n.name(), n); // a later manifest replaces an earlier one (kubectl apply)
        }
        return new MeshScope(byDefault, byName, NONE);
    }

    /** The same scope, with these clients having in-mesh upstreams. */
    public MeshScope withMeshUpstreams(Predicate<Identity> clients) {
        return new MeshScope(byDefault, manifests, clients);
    }

    /** Whether the client has in-mesh upstreams, and so an outbound listener of its own. */
    public boolean hasMeshUpstreams(Identity client) {
        return meshUpstreams.test(client);
    }

    public boolean monitors(String namespace) {
        return whyNotMonitored(namespace) == null;
    }

    /** Why the mesh does not monitor the namespace, or null when it does. */
    public String whyNotMonitored(String namespace) {
        Message m = whyNotMonitoredMessage(namespace);
        return m == null ? null : m.english();
    }

    /** {@link #whyNotMonitored} as a code and its arguments. */
    public Message whyNotMonitoredMessage(String namespace) {
        Namespace own = manifests.get(namespace);
        if (own == null) {
            return byDefault == null || byDefault.contains(namespace) ? null : Message.of("unmonitored.not-listed");
        }
        String by = own.labels().get(Namespace.MONITORED_BY);
        if (by == null) {
            return Message.of("unmonitored.no-label", Namespace.MONITORED_BY);
        }
        if (by.isEmpty()) {
            return Message.of("unmonitored.empty-label", Namespace.MONITORED_BY);
        }
        return by.equals(MESH_NAME)
                ? null
                : Message.of("unmonitored.other-mesh", Namespace.MONITORED_BY, by, MESH_NAME);
    }

    /**
     * Whether osm-edge's validating webhook checks objects of the namespace: registered only for monitored
     * namespaces without the {@code openservicemesh.io/ignore} label.
     */
    public boolean webhookChecks(String namespace) {
        Namespace own = manifests.get(namespace);
        return monitors(namespace) && (own == null || !own.labels().containsKey(Namespace.IGNORE));
    }
}
