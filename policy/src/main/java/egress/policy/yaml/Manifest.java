package egress.policy.yaml;

import java.util.Map;

/**
 * One Kubernetes object as it was written: its whole content (every field, modelled or not, in its
 * original order), the file it came from and where each field sits in that file.
 *
 * @param source   the file name (or another label such as {@code <stdin>}) the object was read from
 * @param index    the position of the object among the objects of that source, from 0
 * @param content  the object; nested maps keep their key order, lists and maps are unmodifiable
 * @param origin   where the object starts (its first key)
 * @param sourceMap field positions, by path relative to the object
 */
public record Manifest(String source, int index, Map<String, Object> content, Position origin, SourceMap sourceMap) {

    public Manifest {
        content = Tree.freeze(content);
    }

    /** A manifest built in code (no file behind it). */
    public static Manifest of(Map<String, Object> content) {
        return new Manifest("<memory>", 0, content, Position.UNKNOWN, SourceMap.empty());
    }

    public String apiVersion() {
        return Tree.string(content, "apiVersion");
    }

    public String kind() {
        return Tree.string(content, "kind");
    }

    public String name() {
        return Tree.string(content, "metadata.name");
    }

    public String namespace() {
        return Tree.string(content, "metadata.namespace");
    }

    /** The group part of apiVersion ("" for the core group). */
    public String group() {
        String v = apiVersion();
        if (v == null) {
            return null;
        }
        int slash = v.indexOf('/');
        return slash < 0 ? "" : v.substring(0, slash);
    }

    /** The value at a path such as {@code spec.ports[1].protocol}, or null. */
    public Object get(String path) {
        return Tree.get(content, path);
    }

    public Position position(String path) {
        Position p = sourceMap.locate(path);
        return p == Position.UNKNOWN ? origin : p;
    }

    /** {@code Kind namespace/name} as kubectl prints an object. */
    public String describe() {
        String ns = namespace();
        return kind() + " " + (ns == null || ns.isEmpty() ? "" : ns + "/") + name();
    }

    /** The same object with another content, keeping where it came from (for edits). */
    public Manifest withContent(Map<String, Object> newContent) {
        return new Manifest(source, index, newContent, origin, sourceMap);
    }
}
