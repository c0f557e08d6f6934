package egress.policy.validate;

import egress.policy.i18n.Message;
import egress.policy.yaml.Manifest;

/** Builds diagnostics located in a manifest. */
final class Diagnostics {
    private Diagnostics() {}

    static Diagnostic error(Manifest m, String code, String path, String message) {
        return of(Severity.ERROR, m, code, path, message);
    }

    static Diagnostic warning(Manifest m, String code, String path, String message) {
        return of(Severity.WARNING, m, code, path, message);
    }

    /** A lint: its code is the message's, its text the message in English, and the message kept to translate. */
    static Diagnostic warning(Manifest m, String path, Message message) {
        return new Diagnostic(
                Severity.WARNING,
                message.code(),
                m.source(),
                m.position(path),
                m.describe(),
                path,
                message.english(),
                message);
    }

    static Diagnostic of(Severity severity, Manifest m, String code, String path, String message) {
        return new Diagnostic(severity, code, m.source(), m.position(path), m.describe(), path, message);
    }
}
