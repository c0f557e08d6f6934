package egress.cluster.deploy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The field paths at which two objects differ, in the path syntax of diagnostics ({@code spec.ports[1].number}). */
final class FieldDiff {
    private FieldDiff() {}

    /**
     * What applying {@code desired} changes in {@code live}: every field outside metadata and status, and the
     * labels and annotations the desired object sets (others, such as kubectl's, are left alone).
     */
    static List<String> changes(Map<String, Object> desired, Map<String, Object> live) {
        List<String> out = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(desired.keySet());
        keys.addAll(live.keySet());
        for (String k : keys) {
            if (!k.equals("metadata") && !k.equals("status")) {
                diff(desired.get(k), live.get(k), k, out);
            }
        }
        for (String part : List.of("labels", "annotations")) {
            Map<?, ?> want = map(map(desired.get("metadata")).get(part));
            Map<?, ?> have = map(map(live.get("metadata")).get(part));
            for (Map.Entry<?, ?> e : want.entrySet()) {
                if (!Objects.equals(e.getValue(), have.get(e.getKey()))) {
                    out.add("metadata." + part + "." + e.getKey());
                }
            }
        }
        return out;
    }

    static void diff(Object a, Object b, String path, List<String> out) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            Set<Object> keys = new LinkedHashSet<>(ma.keySet());
            keys.addAll(mb.keySet());
            for (Object k : keys) {
                diff(ma.get(k), mb.get(k), path + "." + k, out);
            }
        } else if (a instanceof List<?> la && b instanceof List<?> lb) {
            for (int i = 0; i < Math.max(la.size(), lb.size()); i++) {
                diff(i < la.size() ? la.get(i) : null, i < lb.size() ? lb.get(i) : null, path + "[" + i + "]", out);
            }
        } else if (!same(a, b)) {
            out.add(path);
        }
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number na && b instanceof Number nb) {
            return new BigDecimal(na.toString()).compareTo(new BigDecimal(nb.toString())) == 0;
        }
        return Objects.equals(a, b);
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }
}
