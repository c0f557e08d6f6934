package egress.policy.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an {@code openAPIV3Schema} map tree into a {@link Schema}. Keywords that never change whether an
 * object is admitted are skipped; any other keyword is refused, so a constraint upstream adds cannot be
 * lost without notice.
 */
final class OpenApiReader {
    /** Documentation and defaulting only; pruning is not validation, so preserve-unknown-fields is skipped too. */
    private static final Set<String> SKIPPED = Set.of("description", "default", "x-kubernetes-preserve-unknown-fields");

    private OpenApiReader() {}

    static Schema read(Map<?, ?> node, String at) {
        Object t = node.get("type");
        Schema s = t == null ? Schema.ANY : Schema.of(Schema.Type.parse(String.valueOf(t)));
        for (Map.Entry<?, ?> e : node.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            String here = at + "." + key;
            switch (key) {
                case "type" -> {}
                case "properties" -> {
                    for (Map.Entry<?, ?> p : map(v, here).entrySet()) {
                        String name = String.valueOf(p.getKey());
                        s = s.property(name, read(map(p.getValue(), here + "." + name), here + "." + name));
                    }
                }
                case "required" -> s = s.require(strings(v, here).toArray(new String[0]));
                case "enum" -> s = s.withEnum(strings(v, here).toArray(new String[0]));
                case "minimum" -> s = s.min(whole(v, here));
                case "maximum" -> s = s.max(whole(v, here));
                case "pattern" -> s = s.withPattern(String.valueOf(v));
                case "minItems" -> s = s.withMinItems((int) whole(v, here));
                case "minLength" -> s = s.withMinLength((int) whole(v, here));
                case "items" -> s = s.withItems(read(map(v, here), here));
                case "additionalProperties" ->
                    s = s.withAdditionalProperties(Boolean.TRUE.equals(v) ? Schema.ANY : read(map(v, here), here));
                default -> {
                    if (!SKIPPED.contains(key)) {
                        throw new IllegalArgumentException(here + ": unsupported schema keyword '" + key + "'");
                    }
                }
            }
        }
        return s;
    }

    private static Map<?, ?> map(Object v, String at) {
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException(at + ": expected a schema object, got " + v);
    }

    private static List<String> strings(Object v, String at) {
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(at + ": expected a list, got " + v);
        }
        List<String> out = new ArrayList<>();
        l.forEach(o -> out.add(String.valueOf(o)));
        return out;
    }

    private static long whole(Object v, String at) {
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw new IllegalArgumentException(at + ": expected a whole number, got " + v);
    }
}
