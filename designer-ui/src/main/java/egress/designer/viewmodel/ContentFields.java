package egress.designer.viewmodel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small edits of a manifest's content tree that keep every other field and the order fields were written in. */
final class ContentFields {
    private ContentFields() {}

    /** The child map at {@code key}, created (in {@code order}'s place) when missing. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> child(Map<String, Object> parent, String key, List<String> order) {
        Object v = parent.get(key);
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        Map<String, Object> created = new LinkedHashMap<>();
        put(parent, key, created, order);
        return created;
    }

    /**
     * Sets a field: an existing one keeps its place, a new one goes where {@code order} puts it among the fields
     * present; null or an empty list removes it.
     */
    static void put(Map<String, Object> map, String key, Object value, List<String> order) {
        boolean empty =
                value == null || value instanceof List<?> l && l.isEmpty() || value instanceof String s && s.isEmpty();
        if (empty) {
            map.remove(key);
            return;
        }
        if (map.containsKey(key) || !order.contains(key)) {
            map.put(key, value);
            return;
        }
        int rank = order.indexOf(key);
        Map<String, Object> copy = new LinkedHashMap<>(map);
        map.clear();
        boolean placed = false;
        for (Map.Entry<String, Object> e : copy.entrySet()) {
            int r = order.indexOf(e.getKey());
            if (!placed && r > rank) {
                map.put(key, value);
                placed = true;
            }
            map.put(e.getKey(), e.getValue());
        }
        if (!placed) {
            map.put(key, value);
        }
    }
}
