package egress.policy.yaml;

import java.util.Map;

/**
 * Where each field of a manifest was written. Paths are written as errors name them:
 * {@code spec.ports[1].protocol}. A path that was not written (a missing field) is located at its
 * nearest written parent, which is where a user would add it.
 */
public final class SourceMap {
    private final Map<String, Position> positions;

    public SourceMap(Map<String, Position> positions) {
        this.positions = Map.copyOf(positions);
    }

    public static SourceMap empty() {
        return new SourceMap(Map.of());
    }

    /** The position of {@code path}, or of its nearest written parent, or {@link Position#UNKNOWN}. */
    public Position locate(String path) {
        String p = path;
        while (true) {
            Position pos = positions.get(p);
            if (pos != null) {
                return pos;
            }
            if (p.isEmpty()) {
                return Position.UNKNOWN;
            }
            p = parent(p);
        }
    }

    /** The positions under {@code prefix}, with paths relative to it (for an object nested in a file). */
    public SourceMap sub(String prefix) {
        Map<String, Position> out = new java.util.HashMap<>();
        positions.forEach((path, pos) -> {
            if (path.equals(prefix)) {
                out.put("", pos);
            } else if (path.startsWith(prefix + ".")) {
                out.put(path.substring(prefix.length() + 1), pos);
            } else if (path.startsWith(prefix + "[")) {
                out.put(path.substring(prefix.length()), pos);
            }
        });
        return new SourceMap(out);
    }

    /** Every written field's position by path, in the order the fields appear in the source. */
    public Map<String, Position> positions() {
        Map<String, Position> out = new java.util.LinkedHashMap<>();
        positions.entrySet().stream()
                .sorted(java.util.Comparator.comparingInt(
                                (Map.Entry<String, Position> e) -> e.getValue().line())
                        .thenComparingInt(e -> e.getValue().column())
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Whether the field at {@code path} was written in the source. */
    public boolean has(String path) {
        return positions.containsKey(path);
    }

    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "" : path.substring(0, cut);
    }
}
