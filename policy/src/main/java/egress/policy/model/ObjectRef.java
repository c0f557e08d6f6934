package egress.policy.model;

import java.util.Comparator;

/** A namespaced object's name, printed {@code namespace/name} as the test format and kubectl do. */
public record ObjectRef(String namespace, String name) implements Comparable<ObjectRef> {
    private static final Comparator<ObjectRef> ORDER =
            Comparator.comparing(ObjectRef::namespace).thenComparing(ObjectRef::name);

    public ObjectRef {
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
    }

    public static ObjectRef parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("expected namespace/name, got '" + text + "'");
        }
        return new ObjectRef(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public int compareTo(ObjectRef o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
