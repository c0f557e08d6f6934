package egress.policy.httpbin;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * httpbin's JSON bodies as httpbin writes them (Flask's pretty {@code jsonify}): keys sorted, two spaces of indent
 * a level, {@code "key": value}. Header names in Title-Case; a repeated header's values joined with a comma;
 * {@code Connection} left out, as httpbin.org (behind its load balancer) never shows it.
 */
final class HttpbinJson {
    private HttpbinJson() {}

    static String headers(List<Httpbin.Header> headers) {
        return object(Map.of("headers", headerMap(headers)));
    }

    static String get(Httpbin.Request r, Map<String, List<String>> args, String url) {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("args", argMap(args));
        fields.put("headers", headerMap(r.headers()));
        fields.put("origin", r.origin());
        fields.put("url", url);
        return object(fields);
    }

    static String anything(Httpbin.Request r, Map<String, List<String>> args, String url) {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("args", argMap(args));
        fields.put("data", r.body());
        fields.put("files", Map.of());
        fields.put("form", Map.of());
        fields.put("headers", headerMap(r.headers()));
        fields.put("json", null);
        fields.put("method", r.method());
        fields.put("origin", r.origin());
        fields.put("url", url);
        return object(fields);
    }

    /** httpbin prints header names in Title-Case. */
    static String titleCase(String name) {
        StringBuilder s = new StringBuilder(name.length());
        boolean up = true;
        for (char c : name.toCharArray()) {
            s.append(up ? Character.toUpperCase(c) : Character.toLowerCase(c));
            up = c == '-';
        }
        return s.toString();
    }

    private static Map<String, Object> headerMap(List<Httpbin.Header> headers) {
        Map<String, Object> out = new TreeMap<>();
        for (Httpbin.Header h : headers) {
            if (!h.name().toLowerCase(Locale.ROOT).equals("connection")) {
                out.merge(titleCase(h.name()), h.value(), (a, b) -> a + "," + b);
            }
        }
        return out;
    }

    private static Map<String, Object> argMap(Map<String, List<String>> args) {
        Map<String, Object> out = new TreeMap<>();
        args.forEach((k, v) -> out.put(k, v.size() == 1 ? v.get(0) : v));
        return out;
    }

    private static String object(Map<String, ?> fields) {
        StringBuilder out = new StringBuilder();
        write(out, new TreeMap<>(fields), 0);
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
                indent(out, depth + 1);
                string(out, (String) e.getKey());
                out.append(": ");
                write(out, e.getValue(), depth + 1);
                out.append(++i < m.size() ? ",\n" : "\n");
            }
            indent(out, depth);
            out.append('}');
        } else if (value instanceof List<?> l) {
            out.append("[\n");
            for (int i = 0; i < l.size(); i++) {
                indent(out, depth + 1);
                write(out, l.get(i), depth + 1);
                out.append(i + 1 < l.size() ? ",\n" : "\n");
            }
            indent(out, depth);
            out.append(']');
        } else {
            throw new IllegalArgumentException("not JSON here: " + value.getClass());
        }
    }

    private static void indent(StringBuilder out, int depth) {
        out.append("  ".repeat(depth));
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
