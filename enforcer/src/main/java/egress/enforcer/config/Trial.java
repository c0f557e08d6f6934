package egress.enforcer.config;

import java.nio.file.Path;
import java.util.List;

/**
 * How the enforcer trials policies on live traffic besides enforcing them.
 *
 * @param reportOnly {@code --report-only}: every decision is made and logged, but a refusal of the policies is not
 *                   carried out: the connection is forwarded to where it was going (never to the enforcer's own
 *                   listeners or an unnamed special address, never when that destination does not resolve)
 * @param staged     {@code --staged FILE|DIR}: a second policy set decided beside the live one on every request;
 *                   each disagreement is logged and counted, the live set alone is enforced. Empty for none.
 * @param stagedServer {@code --staged-server URL}: the staged set is a designer server's workspace instead, or null
 */
public record Trial(boolean reportOnly, List<Path> staged, EnforcerConfig.Server stagedServer) {
    /** Enforce the live policies, nothing beside them. */
    public static final Trial OFF = new Trial(false, List.of(), null);

    public Trial {
        staged = List.copyOf(staged);
        if (!staged.isEmpty() && stagedServer != null) {
            throw new IllegalArgumentException("--staged FILE|DIR and --staged-server URL exclude each other");
        }
    }

    /** Whether a staged set is decided beside the live one. */
    public boolean hasStaged() {
        return !staged.isEmpty() || stagedServer != null;
    }
}
