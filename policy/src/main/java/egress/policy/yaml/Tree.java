package egress.policy.yaml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read access to the plain map/list trees that manifests are made of, by field path. */
public final class Tree {
    private Tree() {}

    /** The value at {@code path} ({@code a.b[2].c}); null when any step is missing or of another type. */
    public static Object get(Object root, String path) {
        Object cur = root;
        int i = 0;
        int n = path.length();
        while (i < n && cur != null) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
                continue;
            }
            if (c == '[') {
                int close = path.indexOf(']', i);
                int idx = Integer.parseInt(path.substring(i + 1, close));
                cur = cur instanceof List<?> l && idx >= 0 && idx < l.size() ? l.get(idx) : null;
                i = close + 1;
                continue;
            }
            int end = i;
            while (end < n && path.charAt(end) != '.' && path.charAt(end) != '[') {
                end++;
            }
            String key = path.substring(i, end);
            cur = cur instanceof Map<?, ?> m ? m.get(key) : null;
            i = end;
        }
        return cur;
    }

    public static String string(Object root, String path) {
        Object v = get(root, path);
        return v instanceof String s ? s : null;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object root, String path) {
        Object v = get(root, path);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    public static List<?> list(Object root, String path) {
        Object v = get(root, path);
        return v instanceof List<?> l ? l : null;
    }

    /** A deep, order-keeping, unmodifiable copy. */
    @SuppressWarnings("unchecked")
    public static <T> T freeze(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), freeze(v)));
            return (T) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            for (Object o : l) {
                copy.add(freeze(o));
            }
            return (T) Collections.unmodifiableList(copy);
        }
        return value;
    }

    /** A deep, order-keeping, modifiable copy, for editing. */
    @SuppressWarnings("unchecked")
    public static <T> T thaw(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), thaw(v)));
            return (T) copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            for (Object o : l) {
                copy.add(thaw(o));
            }
            return (T) copy;
        }
        return value;
    }
}
