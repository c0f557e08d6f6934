package egress.policy.yaml;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON merge patch (RFC 7386), as {@code kubectl patch --type=merge} applies it. */
public final class MergePatch {
    private MergePatch() {}

    /** The target with the patch applied; neither argument is changed. A null in the patch removes a field. */
    @SuppressWarnings("unchecked")
    public static Object apply(Object target, Object patch) {
        if (!(patch instanceof Map<?, ?> p)) {
            return Tree.thaw(patch);
        }
        Map<String, Object> result =
                target instanceof Map<?, ?> t ? Tree.thaw((Map<String, Object>) t) : new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : p.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (e.getValue() == null) {
                result.remove(key);
            } else {
                result.put(key, apply(result.get(key), e.getValue()));
            }
        }
        return result;
    }
}
