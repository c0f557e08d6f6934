package egress.server.workspace;

import egress.policy.yaml.Manifest;

/** A manifest's identity in the workspace; namespace is empty for cluster-scoped objects. */
public record ResourceKey(String kind, String namespace, String name) {

    public ResourceKey {
        namespace = namespace == null ? "" : namespace;
    }

    public static ResourceKey of(Manifest m) {
        return new ResourceKey(m.kind(), m.namespace(), m.name());
    }
}
