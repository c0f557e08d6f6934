package egress.policy.validate;

import egress.policy.yaml.Position;

/**
 * One problem found in a manifest, located by file, line, column and field path.
 *
 * @param code     a stable code from {@link Codes}, e.g. {@code EGR101}
 * @param source   the file the manifest came from
 * @param object   the object, as kubectl names it ({@code Egress curl/httpbin-80})
 * @param path     the field path ({@code spec.ports[1].protocol}); empty for the whole object
 * @param message  what is wrong, with osm-edge's wording where it has one
 */
public record Diagnostic(Severity severity, String code, String source, Position position, String object,
                         String path, String message) {

    /** {@code file:line:col: error CODE field: message}, the format of {@code egress validate}. */
    public String format() {
        return source + ":" + position.line() + ":" + position.column() + ": " + severity.label() + " " + code + " "
                + (path.isEmpty() ? "" : path + ": ") + message;
    }

    /** {@code field: message} as the API server prints one error ({@code spec.ports: Required value}). */
    public String text() {
        return path.isEmpty() ? message : path + ": " + message;
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
