package egress.policy.model;

import java.util.Map;

/** A Kubernetes Namespace; osm monitors it when it carries {@code openservicemesh.io/monitored-by}. */
public record Namespace(String name, Map<String, String> labels) {
    public static final String MONITORED_BY = "openservicemesh.io/monitored-by";
    public static final String IGNORE = "openservicemesh.io/ignore";

    public Namespace {
        labels = Map.copyOf(labels);
    }

    public boolean monitored() {
        String by = labels.get(MONITORED_BY);
        return by != null && !by.isEmpty() && !"true".equals(labels.get(IGNORE));
    }
}
