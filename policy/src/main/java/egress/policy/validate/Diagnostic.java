package egress.policy.validate;

import egress.policy.i18n.Message;
import egress.policy.yaml.Position;
import java.util.List;
import java.util.Locale;

/**
 * One problem found in a manifest, located by file, line, column and field path.
 *
 * @param code     a stable code from {@link Codes}, e.g. {@code EGR101}
 * @param source   the file the manifest came from
 * @param object   the object, as kubectl names it ({@code Egress curl/httpbin-80})
 * @param path     the field path ({@code spec.ports[1].protocol}); empty for the whole object
 * @param message  what is wrong, in English, with osm-edge's wording where it has one
 * @param detail   the message as its code and arguments, to render in another language; null for what the API
 *                 server and the webhook say, which is shown as they write it
 */
public record Diagnostic(
        Severity severity,
        String code,
        String source,
        Position position,
        String object,
        String path,
        String message,
        Message detail) {

    /** A diagnostic whose text is shown verbatim in every language (admission: API server and webhook). */
    public Diagnostic(
            Severity severity,
            String code,
            String source,
            Position position,
            String object,
            String path,
            String message) {
        this(severity, code, source, position, object, path, message, null);
    }

    /** {@code file:line:col: error CODE field: message}, the format of {@code egress validate}. */
    public String format() {
        return format(Locale.ENGLISH);
    }

    /** {@link #format()} with the message in a language. */
    public String format(Locale locale) {
        return source + ":" + position.line() + ":" + position.column() + ": " + severity.label() + " " + code + " "
                + (path.isEmpty() ? "" : path + ": ") + message(locale);
    }

    /** {@code field: message} as the API server prints one error ({@code spec.ports: Required value}). */
    public String text() {
        return path.isEmpty() ? message : path + ": " + message;
    }

    /** The message in a language; verbatim for admission diagnostics. */
    public String message(Locale locale) {
        return detail == null ? message : detail.render(locale);
    }

    /** The arguments of the message as text (empty for a verbatim one). */
    public List<String> args() {
        return detail == null ? List.of() : detail.textArgs(Locale.ENGLISH);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
