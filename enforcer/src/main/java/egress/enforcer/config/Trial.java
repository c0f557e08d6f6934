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
 * @param stagedCluster {@code --staged-kubeconfig FILE [--staged-context NAME]}: the staged set is the policy
 *                      objects of that cluster (a staging cluster where the change is applied), followed live; or null
 */
public record Trial(
        boolean reportOnly,
        List<Path> staged,
        EnforcerConfig.Server stagedServer,
        EnforcerConfig.Cluster stagedCluster) {
    /** Enforce the live policies, nothing beside them. */
    public static final Trial OFF = new Trial(false, List.of(), null, null);

    public Trial {
        staged = List.copyOf(staged);
        int sources = (staged.isEmpty() ? 0 : 1) + (stagedServer == null ? 0 : 1) + (stagedCluster == null ? 0 : 1);
        if (sources > 1) {
            throw new IllegalArgumentException(
                    "--staged FILE|DIR, --staged-server URL and --staged-kubeconfig FILE exclude each other");
        }
    }

    /** Whether a staged set is decided beside the live one. */
    public boolean hasStaged() {
        return !staged.isEmpty() || stagedServer != null || stagedCluster != null;
    }
}
