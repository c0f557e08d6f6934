package egress.policy.validate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A node of an OpenAPI v3 structural schema, as a CustomResourceDefinition declares it, reduced to the
 * keywords that decide admission. Descriptions and defaults are not kept, so two schemas are equal when
 * they accept the same objects with the same errors.
 *
 * <p>Built in code with a small DSL, {@code Schema.object().property("name", Schema.string()).require("name")},
 * or read from a CRD with {@link #fromOpenApi(Map)}. Every value is immutable; each builder method returns a
 * new schema.
 *
 * @param type                 the JSON type, or null for "any value" ({@code additionalProperties: true})
 * @param properties           object fields, in declaration order (equality ignores order)
 * @param required             object fields that must be present (equality ignores order)
 * @param enumValues           allowed string values, in declaration order (messages list them so)
 * @param minimum              inclusive lower bound of an integer or number
 * @param maximum              inclusive upper bound of an integer or number
 * @param pattern              an RE2 pattern a string must contain a match of (unanchored, as the API server checks)
 * @param minItems             the fewest items an array may have
 * @param minLength            the fewest characters a string may have
 * @param items                the schema of every array item
 * @param additionalProperties the schema of every value of a map-like object whose keys are not listed
 */
public record Schema(
        Type type,
        Map<String, Schema> properties,
        Set<String> required,
        List<String> enumValues,
        Long minimum,
        Long maximum,
        String pattern,
        Integer minItems,
        Integer minLength,
        Schema items,
        Schema additionalProperties) {

    /** The JSON types a structural schema can name. */
    public enum Type {
        OBJECT,
        ARRAY,
        STRING,
        INTEGER,
        NUMBER,
        BOOLEAN;

        /** The name the schema and the API server's messages use ({@code integer}). */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Type parse(String name) {
            for (Type t : values()) {
                if (t.jsonName().equals(name)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown schema type '" + name + "'");
        }
    }

    /** Accepts any value: what {@code additionalProperties: true} declares. */
    public static final Schema ANY =
            new Schema(null, Map.of(), Set.of(), List.of(), null, null, null, null, null, null, null);

    public Schema {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        required = Collections.unmodifiableSet(new LinkedHashSet<>(required));
        enumValues = List.copyOf(enumValues);
    }

    public static Schema of(Type type) {
        return new Schema(type, Map.of(), Set.of(), List.of(), null, null, null, null, null, null, null);
    }

    public static Schema object() {
        return of(Type.OBJECT);
    }

    public static Schema string() {
        return of(Type.STRING);
    }

    public static Schema integer() {
        return of(Type.INTEGER);
    }

    public static Schema number() {
        return of(Type.NUMBER);
    }

    public static Schema bool() {
        return of(Type.BOOLEAN);
    }

    public static Schema array(Schema items) {
        return of(Type.ARRAY).withItems(items);
    }

    /** A string schema limited to the given values. */
    public static Schema stringEnum(String... values) {
        return string().withEnum(values);
    }

    /** Reads the schema of a CRD version ({@code openAPIV3Schema}, as a plain map tree). */
    public static Schema fromOpenApi(Map<?, ?> openApiV3Schema) {
        return OpenApiReader.read(openApiV3Schema, "");
    }

    /** Adds (or replaces) a field of an object schema. */
    public Schema property(String name, Schema schema) {
        Map<String, Schema> p = new LinkedHashMap<>(properties);
        p.put(name, schema);
        return new Schema(
                type,
                p,
                required,
                enumValues,
                minimum,
                maximum,
                pattern,
                minItems,
                minLength,
                items,
                additionalProperties);
    }

    /** Marks fields as required; they should also be declared with {@link #property}. */
    public Schema require(String... names) {
        Set<String> r = new LinkedHashSet<>(required);
        r.addAll(List.of(names));
        return new Schema(
                type,
                properties,
                r,
                enumValues,
                minimum,
                maximum,
                pattern,
                minItems,
                minLength,
                items,
                additionalProperties);
    }

    public Schema withEnum(String... values) {
        return new Schema(
                type,
                properties,
                required,
                List.of(values),
                minimum,
                maximum,
                pattern,
                minItems,
                minLength,
                items,
                additionalProperties);
    }

    public Schema min(long min) {
        return new Schema(
                type,
                properties,
                required,
                enumValues,
                min,
                maximum,
                pattern,
                minItems,
                minLength,
                items,
                additionalProperties);
    }

    public Schema max(long max) {
        return new Schema(
                type,
                properties,
                required,
                enumValues,
                minimum,
                max,
                pattern,
                minItems,
                minLength,
                items,
                additionalProperties);
    }

    /** {@code min(min).max(max)}. */
    public Schema range(long min, long max) {
        return min(min).max(max);
    }

    public Schema withPattern(String re2) {
        return new Schema(
                type,
                properties,
                required,
                enumValues,
                minimum,
                maximum,
                re2,
                minItems,
                minLength,
                items,
                additionalProperties);
    }

    public Schema withMinItems(int min) {
        return new Schema(
                type,
                properties,
                required,
                enumValues,
                minimum,
                maximum,
                pattern,
                min,
                minLength,
                items,
                additionalProperties);
    }

    public Schema withMinLength(int min) {
        return new Schema(
                type,
                properties,
                required,
                enumValues,
                minimum,
                maximum,
                pattern,
                minItems,
                min,
                items,
                additionalProperties);
    }

    public Schema withItems(Schema itemSchema) {
        return new Schema(
                type,
                properties,
                required,
                enumValues,
                minimum,
                maximum,
                pattern,
                minItems,
                minLength,
                itemSchema,
                additionalProperties);
    }

    public Schema withAdditionalProperties(Schema valueSchema) {
        return new Schema(
                type,
                properties,
                required,
                enumValues,
                minimum,
                maximum,
                pattern,
                minItems,
                minLength,
                items,
                valueSchema);
    }

    /** The constraints this node itself declares (not its children), as {@code keyword=value} strings. */
    List<String> ownConstraints() {
        List<String> c = new ArrayList<>();
        if (type != null) {
            c.add("type=" + type.jsonName());
        }
        required.forEach(r -> c.add("required=" + r));
        if (!enumValues.isEmpty()) {
            c.add("enum=" + enumValues);
        }
        addIfSet(c, "minimum", minimum);
        addIfSet(c, "maximum", maximum);
        addIfSet(c, "pattern", pattern);
        addIfSet(c, "minItems", minItems);
        addIfSet(c, "minLength", minLength);
        return c;
    }

    private static void addIfSet(List<String> out, String keyword, Object value) {
        if (value != null) {
            out.add(keyword + "=" + value);
        }
    }
}
