package egress.policy.vocab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a designer shows a list-valued field as text and reads it back, in the shape the CRD schema wants.
 * Every designer edits these fields through here, so the web page and the desktop app write the same value.
 */
public enum FieldText {
    /** {@code spec.hosts}, {@code spec.ipAddresses}: one item a line (a comma separates items too). */
    LIST,
    /** A route match's {@code methods}: items separated by commas or lines, upper-cased; shown comma-separated. */
    METHODS,
    /**
     * A route match's {@code headers}: one {@code name: value} a line. The SMI schema wants a list of one-key
     * maps ({@code - x-team: payments}), so that is what is written; a map (the shape older designers wrote)
     * is still shown.
     */
    HEADERS;

    /** The field's value for a text, or null when the text holds nothing (the field is then left out). */
    public Object value(String text) {
        return switch (this) {
            case LIST -> nullIfEmpty(items(text));
            case METHODS ->
                nullIfEmpty(items(text).stream()
                        .map(s -> s.toUpperCase(Locale.ROOT))
                        .toList());
            case HEADERS -> nullIfEmpty(headers(text));
        };
    }

    /** The text a field's value is shown as ({@code ""} for a missing field). */
    public String text(Object value) {
        return switch (this) {
            case LIST -> String.join("\n", strings(value));
            case METHODS -> String.join(", ", strings(value));
            case HEADERS -> String.join("\n", headerLines(value));
        };
    }

    /**
     * A form's content with the optional list fields it left empty taken out, as {@link #value} leaves out a field
     * whose text holds nothing: an Egress's {@code hosts}, {@code ipAddresses} and {@code matches}, a route
     * match's {@code methods} and {@code headers}. Everything else is kept; the tree is changed in place.
     */
    public static Map<String, Object> withoutEmptyLists(Map<String, Object> content) {
        if (!(content.get("spec") instanceof Map<?, ?> spec)) {
            return content;
        }
        if ("Egress".equals(content.get("kind"))) {
            removeEmpty(spec, List.of("hosts", "ipAddresses", "matches"));
        } else if ("HTTPRouteGroup".equals(content.get("kind")) && spec.get("matches") instanceof List<?> matches) {
            for (Object m : matches) {
                if (m instanceof Map<?, ?> match) {
                    removeEmpty(match, List.of("methods", "headers"));
                }
            }
        }
        return content;
    }

    private static void removeEmpty(Map<?, ?> map, List<String> fields) {
        for (String f : fields) {
            Object v = map.get(f);
            if (v instanceof List<?> l && l.isEmpty() || v instanceof Map<?, ?> m && m.isEmpty()) {
                map.remove(f);
            }
        }
    }

    /** The field by its name in the web API: {@code list}, {@code methods} or {@code headers}. */
    public static FieldText parse(String name) {
        for (FieldText f : values()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown field rule '" + name + "' (list, methods or headers)");
    }

    /** The non-blank items of a text, trimmed: lines and commas both separate items. */
    public static List<String> items(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String part : text.split("[\\n,]")) {
            String t = part.trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static List<Object> headers(String text) {
        List<Object> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).trim();
            if (!name.isEmpty()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put(name, line.substring(colon + 1).trim());
                out.add(one);
            }
        }
        return out;
    }

    private static List<String> headerLines(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> out.add(k + ": " + (v == null ? "" : v)));
                }
            }
        } else if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.add(k + ": " + (v == null ? "" : v)));
        }
        return out;
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o != null) {
                    out.add(String.valueOf(o));
                }
            }
        }
        return out;
    }

    private static Object nullIfEmpty(List<?> list) {
        return list.isEmpty() ? null : list;
    }
}
