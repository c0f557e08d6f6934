package egress.policy.model;

import java.util.Map;

/** A Kubernetes Namespace and its labels; whether the mesh monitors it is decided by {@code match.MeshScope}. */
public record Namespace(String name, Map<String, String> labels) {
    public static final String MONITORED_BY = "openservicemesh.io/monitored-by";
    public static final String IGNORE = "openservicemesh.io/ignore";

    public Namespace {
        labels = Map.copyOf(labels);
    }
}
