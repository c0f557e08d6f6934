package egress.policy.validate;

import com.google.re2j.Pattern;
import egress.policy.yaml.Manifest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks a manifest against a structural schema as the Kubernetes API server does, and words every problem
 * as it would ({@code spec.ports[0].number: Invalid value: 0: spec.ports[0].number in body should be greater
 * than or equal to 1}). Every problem is collected, not only the first.
 *
 * <p>As in the API server: fields the schema does not declare are pruned, not reported; a null value counts
 * as absent (non-nullable fields are pruned before validation); a value of the wrong type is reported once and
 * its content is not checked further; a pattern only needs to match somewhere in the string.
 */
public final class SchemaValidator {
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private final Manifest manifest;
    private final List<Diagnostic> out = new ArrayList<>();

    private SchemaValidator(Manifest manifest) {
        this.manifest = manifest;
    }

    /** Every schema violation of the manifest's content, as errors. */
    public static List<Diagnostic> validate(Manifest manifest, Schema schema) {
        SchemaValidator v = new SchemaValidator(manifest);
        v.check(manifest.content(), schema, "");
        return List.copyOf(v.out);
    }

    private void check(Object value, Schema s, String path) {
        if (s.type() == null) {
            return;
        }
        if (!hasType(value, s.type())) {
            String actual = typeOf(value);
            invalid(
                    Codes.TYPE,
                    path,
                    quote(actual),
                    "in body must be of type " + s.type().jsonName() + ": " + quote(actual));
            return;
        }
        switch (s.type()) {
            case OBJECT -> checkObject((Map<?, ?>) value, s, path);
            case ARRAY -> checkArray((List<?>) value, s, path);
            case STRING -> checkString((String) value, s, path);
            case INTEGER, NUMBER -> checkNumber((Number) value, s, path);
            default -> {}
        }
    }

    private void checkObject(Map<?, ?> object, Schema s, String path) {
        for (String name : s.required()) {
            if (object.get(name) == null) {
                add(Codes.REQUIRED, child(path, name), "Required value");
            }
        }
        for (Map.Entry<?, ?> e : object.entrySet()) {
            String name = String.valueOf(e.getKey());
            Schema field = s.properties().get(name);
            if (field == null) {
                field = s.additionalProperties();
            }
            if (field != null && e.getValue() != null) {
                check(e.getValue(), field, child(path, name));
            }
        }
    }

    private void checkArray(List<?> list, Schema s, String path) {
        if (s.minItems() != null && list.size() < s.minItems()) {
            invalid(
                    Codes.MIN_ITEMS,
                    path,
                    String.valueOf(list.size()),
                    "in body should have at least " + s.minItems() + " items");
        }
        if (s.items() != null) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) != null) {
                    check(list.get(i), s.items(), path + "[" + i + "]");
                }
            }
        }
    }

    private void checkString(String value, Schema s, String path) {
        if (!s.enumValues().isEmpty() && !s.enumValues().contains(value)) {
            String supported =
                    s.enumValues().stream().map(SchemaValidator::quote).collect(Collectors.joining(", "));
            add(Codes.ENUM, path, "Unsupported value: " + quote(value) + ": supported values: " + supported);
        }
        if (s.minLength() != null && value.codePointCount(0, value.length()) < s.minLength()) {
            invalid(
                    Codes.MIN_LENGTH,
                    path,
                    quote(value),
                    "in body should be at least " + s.minLength() + " chars long");
        }
        if (s.pattern() != null
                && !PATTERNS.computeIfAbsent(s.pattern(), Pattern::compile)
                        .matcher(value)
                        .find()) {
            invalid(Codes.PATTERN, path, quote(value), "in body should match '" + s.pattern() + "'");
        }
    }

    private void checkNumber(Number value, Schema s, String path) {
        BigDecimal v = decimal(value);
        if (s.minimum() != null && v.compareTo(BigDecimal.valueOf(s.minimum())) < 0) {
            invalid(Codes.MINIMUM, path, plain(value), "in body should be greater than or equal to " + s.minimum());
        }
        if (s.maximum() != null && v.compareTo(BigDecimal.valueOf(s.maximum())) > 0) {
            invalid(Codes.MAXIMUM, path, plain(value), "in body should be less than or equal to " + s.maximum());
        }
    }

    /** {@code path: Invalid value: <value>: path in body ...}, the API server's shape for most failures. */
    private void invalid(String code, String path, String shownValue, String detail) {
        add(code, path, "Invalid value: " + shownValue + ": " + path + " " + detail);
    }

    private void add(String code, String path, String message) {
        out.add(Diagnostics.error(manifest, code, path, message));
    }

    static boolean hasType(Object value, Schema.Type type) {
        return switch (type) {
            case OBJECT -> value instanceof Map<?, ?>;
            case ARRAY -> value instanceof List<?>;
            case STRING -> value instanceof String;
            case BOOLEAN -> value instanceof Boolean;
            case NUMBER -> value instanceof Number;
            case INTEGER -> isInteger(value);
        };
    }

    private static boolean isInteger(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
            return true;
        }
        // JSON has one number type: 2.0 is accepted where an integer is expected, as the API server does
        return value instanceof Double d && !d.isInfinite() && d == Math.rint(d);
    }

    /** The JSON type name of a value, as the API server's type errors print it. */
    static String typeOf(Object value) {
        if (value instanceof Map<?, ?>) {
            return "object";
        }
        if (value instanceof List<?>) {
            return "array";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return isInteger(value) ? "integer" : "number";
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (n instanceof Double || n instanceof Float) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        return BigDecimal.valueOf(n.longValue());
    }

    private static String plain(Number n) {
        if (n instanceof Double d && isInteger(d)) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(n);
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** A Go {@code %q}-style quoted string (the API server quotes values so). */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
