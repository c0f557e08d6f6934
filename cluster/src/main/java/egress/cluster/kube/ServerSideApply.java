package egress.cluster.kube;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.policy.yaml.Tree;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Server-side apply as the embedded cluster does it, for a single field manager: the applied configuration
 * replaces every field outside metadata (the manager owns all it sends, and what it no longer sends is
 * removed, as with real SSA when no other manager shares the field); labels and annotations are merged so
 * that those set by others (kubectl's last-applied annotation) stay; uid, creationTimestamp,
 * resourceVersion and status are kept. A conflict with another manager is never reported: the real API
 * server's field ownership tracking is not modelled, and a caller using {@code force=true} would win anyway.
 */
final class ServerSideApply {

    /** The applied configuration, read by the one bounded manifest reader (no alias bombs). */
    static Map<String, Object> parse(String body) {
        List<Manifest> read;
        try {
            read = ManifestReader.read("the applied configuration", body);
        } catch (ManifestException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (read.size() != 1) {
            throw new IllegalArgumentException("the applied configuration must be one object");
        }
        return Tree.thaw(read.get(0).content());
    }

    Map<String, Object> create(Map<String, Object> applied, String manager) {
        Map<String, Object> out = new LinkedHashMap<>(applied);
        Map<String, Object> metadata = new LinkedHashMap<>(map(applied.get("metadata")));
        metadata.put("managedFields", List.of(entry(applied, manager)));
        out.put("metadata", metadata);
        return out;
    }

    Map<String, Object> merge(Map<String, Object> live, Map<String, Object> applied, String manager) {
        Map<String, Object> out = new LinkedHashMap<>(applied);
        Map<String, Object> liveMeta = map(live.get("metadata"));
        Map<String, Object> metadata = new LinkedHashMap<>(liveMeta);
        Map<String, Object> appliedMeta = map(applied.get("metadata"));
        for (Map.Entry<String, Object> e : appliedMeta.entrySet()) {
            if (e.getKey().equals("labels") || e.getKey().equals("annotations")) {
                Map<String, Object> both = new LinkedHashMap<>(map(liveMeta.get(e.getKey())));
                both.putAll(map(e.getValue()));
                metadata.put(e.getKey(), both);
            } else if (!e.getKey().equals("resourceVersion") && !e.getKey().equals("managedFields")) {
                metadata.put(e.getKey(), e.getValue());
            }
        }
        List<Object> managers = new ArrayList<>();
        Object liveManagers = liveMeta.get("managedFields");
        if (liveManagers instanceof List<?> list) {
            for (Object m : list) {
                if (!(m instanceof Map<?, ?> mm && manager.equals(mm.get("manager")))) {
                    managers.add(m);
                }
            }
        }
        managers.add(entry(applied, manager));
        metadata.put("managedFields", managers);
        out.put("metadata", metadata);
        if (live.containsKey("status")) {
            out.put("status", live.get("status"));
        }
        return out;
    }

    private static Map<String, Object> entry(Map<String, Object> applied, String manager) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("manager", manager);
        e.put("operation", "Apply");
        e.put("apiVersion", applied.get("apiVersion"));
        e.put("fieldsType", "FieldsV1");
        return e;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static String queryParam(String fullPath, String name) {
        int q = fullPath.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String pair : fullPath.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
