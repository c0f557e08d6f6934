package egress.policy.model;

/** A pod's identity in the mesh: the ServiceAccount it runs as, printed {@code namespace/name}. */
public record Identity(String namespace, String name) {
    public Identity {
        if (namespace == null || name == null) {
            throw new IllegalArgumentException("an identity needs a namespace and a name");
        }
    }

    /** Parses {@code namespace/serviceAccount}. */
    public static Identity parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("expected namespace/serviceAccount, got '" + text + "'");
        }
        return new Identity(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
