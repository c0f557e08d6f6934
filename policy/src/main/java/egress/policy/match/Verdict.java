package egress.policy.match;

import java.util.Locale;

/** What became of a request. */
public enum Verdict {
    ALLOW,
    DENY,
    /** The data plane decides differently depending on an order it picks at random (pipy, see the semantics §3.6). */
    UNDETERMINED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
