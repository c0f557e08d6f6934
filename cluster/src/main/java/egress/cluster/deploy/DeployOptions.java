package egress.cluster.deploy;

import egress.policy.model.Engine;

/**
 * How to deploy.
 *
 * @param dryRun             plan only: validate and diff, write nothing
 * @param enableEgressPolicy the caller agreed to switch the MeshConfig's enableEgressPolicy on when it is off
 * @param prune              delete objects this tool deployed earlier that the workspace no longer has
 * @param engine             the engine whose lint warnings are reported (null: both)
 */
public record DeployOptions(boolean dryRun, boolean enableEgressPolicy, boolean prune, Engine engine) {

    public static DeployOptions dryRunOnly() {
        return new DeployOptions(true, false, true, null);
    }

    public static DeployOptions apply(boolean enableEgressPolicy) {
        return new DeployOptions(false, enableEgressPolicy, true, null);
    }
}
