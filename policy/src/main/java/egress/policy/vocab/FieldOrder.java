package egress.policy.vocab;

import egress.policy.model.Crd;
import egress.policy.validate.Schema;
import egress.policy.validate.Schemas;
import egress.policy.yaml.ManifestWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order an object's fields are written in, in every designer: {@code apiVersion, kind, metadata, spec}, a
 * metadata's {@code name, namespace, labels, annotations}, and inside the spec of a kind the product has a schema
 * for, the order its CRD declares its properties ({@link Schemas}: an Egress's {@code sources, hosts, ipAddresses,
 * ports, matches}). Fields the order does not name follow, in the order they were written, and are never dropped.
 */
public final class FieldOrder {
    private static final List<String> TOP = List.of("apiVersion", "kind", "metadata", "spec", "status");
    private static final List<String> METADATA = List.of("name", "namespace", "labels", "annotations");
    private static final Map<String, Schema> SPECS = Map.of(
            Crd.EGRESS.kind(), Schemas.EGRESS,
            Crd.HTTP_ROUTE_GROUP.kind(), Schemas.HTTP_ROUTE_GROUP,
            Crd.UPSTREAM_TRAFFIC_SETTING.kind(), Schemas.UPSTREAM_TRAFFIC_SETTING,
            Crd.MESH_CONFIG.kind(), Schemas.MESH_CONFIG);

    private FieldOrder() {}

    /**
     * The text every designer shows and saves for one object, and where each field sits in it: the object in this
     * order, written by {@link ManifestWriter}.
     */
    public static ManifestWriter.Written write(Map<String, Object> object) {
        return ManifestWriter.written(sorted(object));
    }

    /** A fresh copy of the object with its fields in this order (values unchanged). */
    public static Map<String, Object> sorted(Map<String, Object> object) {
        Map<String, Object> out = ordered(object, TOP);
        if (out.get("metadata") instanceof Map<?, ?> meta) {
            out.put("metadata", ordered(meta, METADATA));
        }
        Schema schema = out.get("kind") instanceof String kind ? SPECS.get(kind) : null;
        if (schema != null && out.containsKey("spec")) {
            out.put("spec", bySchema(out.get("spec"), schema.properties().get("spec")));
        }
        return out;
    }

    private static Object bySchema(Object value, Schema schema) {
        if (schema == null) {
            return value;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = ordered(m, List.copyOf(schema.properties().keySet()));
            for (Map.Entry<String, Schema> p : schema.properties().entrySet()) {
                if (out.containsKey(p.getKey())) {
                    out.put(p.getKey(), bySchema(out.get(p.getKey()), p.getValue()));
                }
            }
            return out;
        }
        if (value instanceof List<?> l && schema.items() != null) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object item : l) {
                out.add(bySchema(item, schema.items()));
            }
            return out;
        }
        return value;
    }

    private static Map<String, Object> ordered(Map<?, ?> map, List<String> first) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : first) {
            if (map.containsKey(key)) {
                out.put(key, map.get(key));
            }
        }
        map.forEach((k, v) -> out.putIfAbsent(String.valueOf(k), v));
        return out;
    }
}
