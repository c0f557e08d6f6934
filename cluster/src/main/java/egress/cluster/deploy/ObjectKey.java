package egress.cluster.deploy;

/** Which object: kind, namespace (empty for cluster-scoped kinds) and name. */
public record ObjectKey(String apiVersion, String kind, String namespace, String name) {

    /** {@code Kind namespace/name}, as kubectl names an object. */
    public String describe() {
        return kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
    }
}
