package egress.policy.yaml;

import egress.policy.i18n.Message;
import java.util.Locale;

/** A manifest file that cannot be read at all: not found, not YAML, not an object. */
public final class ManifestException extends Exception {
    private final String file;
    private final Position position;
    private final transient Message detail;

    public ManifestException(String file, Position position, String message) {
        this(file, position, Message.of("verbatim", message));
    }

    /** A problem whose explanation can be shown in another language. */
    public ManifestException(String file, Position position, Message detail) {
        super(file + ":" + position + ": " + detail.english());
        this.file = file;
        this.position = position;
        this.detail = detail;
    }

    /** {@code file:line:col: message} in a language. */
    public String getMessage(Locale locale) {
        return file + ":" + position + ": " + detail.render(locale);
    }

    /** The explanation as a code and its arguments. */
    public Message detail() {
        return detail;
    }

    public String file() {
        return file;
    }

    public Position position() {
        return position;
    }

    /** The message without the file and position prefix. */
    public String reason() {
        String m = getMessage();
        String prefix = file + ":" + position + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
