package egress.policy.validate;

import java.util.Locale;

/** Errors reject a manifest, as the API server or the webhook would; warnings never do. */
public enum Severity {
    ERROR,
    WARNING;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
