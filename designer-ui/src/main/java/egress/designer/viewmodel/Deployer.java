package egress.designer.viewmodel;

import egress.policy.yaml.Manifest;
import java.util.List;
import java.util.function.Consumer;

/**
 * Deploys a workspace to a cluster. The designer only talks to this interface; the implementation is the server
 * module's DeployService (an embedded cluster or a kubeconfig context), wired in by the application.
 *
 * <p>{@link #plan} and {@link #apply} block on the cluster: callers run them off the FX thread.
 */
public interface Deployer {
    /** The clusters one can deploy to: "embedded" and the contexts of the kubeconfig. */
    List<String> targets();

    /**
     * Validates the workspace and works out what applying it would create, change or delete on the target,
     * without changing anything. A workspace with errors gives a plan with {@link Plan#errors()} and no changes.
     *
     * @throws RuntimeException when the target cannot be reached
     */
    Plan plan(String target, List<Manifest> manifests);

    /**
     * Applies a plan's manifests to its target, reporting each step as it happens (on the calling thread).
     *
     * @param enableEgressPolicy the user agreed to switch the MeshConfig's enableEgressPolicy on when it is off
     */
    Result apply(Plan plan, boolean enableEgressPolicy, Consumer<Progress> progress);

    enum Action {
        CREATE,
        UPDATE,
        DELETE,
        UNCHANGED
    }

    /**
     * One object's part of a plan.
     *
     * @param object        the object as kubectl names it: {@code Egress curl/httpbin-80}
     * @param changedFields the field paths that differ ({@code spec.hosts[0]}); every top-level field for a create
     */
    record Change(Action action, String object, List<String> changedFields) {
        public Change {
            changedFields = List.copyOf(changedFields);
        }
    }

    /**
     * What a deploy would do.
     *
     * @param errors              validation errors; any error means nothing would be applied
     * @param skipped             workspace objects that are not deployed, with the reason
     * @param egressPolicyEnabled the target's MeshConfig enableEgressPolicy (null: unknown or no MeshConfig)
     * @param deployed            the objects of the kinds a deploy writes as the target holds them now (Egress,
     *                            HTTPRouteGroup, UpstreamTrafficSetting); null when not known
     */
    record Plan(
            String target,
            List<Change> changes,
            List<String> errors,
            List<String> skipped,
            Boolean egressPolicyEnabled,
            List<Manifest> manifests,
            List<Manifest> deployed) {
        public Plan {
            changes = List.copyOf(changes);
            errors = List.copyOf(errors);
            skipped = List.copyOf(skipped);
            manifests = List.copyOf(manifests);
            deployed = deployed == null ? null : List.copyOf(deployed);
        }

        /** A plan that does not say what the target holds now. */
        public Plan(
                String target,
                List<Change> changes,
                List<String> errors,
                List<String> skipped,
                Boolean egressPolicyEnabled,
                List<Manifest> manifests) {
            this(target, changes, errors, skipped, egressPolicyEnabled, manifests, null);
        }

        public long count(Action action) {
            return changes.stream().filter(c -> c.action() == action).count();
        }

        /** True when applying would write something: an object, or the enableEgressPolicy flag. */
        public boolean writes() {
            return changes.stream().anyMatch(c -> c.action() != Action.UNCHANGED)
                    || Boolean.FALSE.equals(egressPolicyEnabled);
        }
    }

    /** One step of an apply or of its rollback; {@code done} counts from 1 ({@code 0} during a rollback). */
    record Progress(int done, int total, UiText step) {}

    enum Outcome {
        /** Every change was written. */
        APPLIED,
        /** The workspace has errors; nothing was written. */
        REJECTED,
        /** A write failed and every earlier write was undone. */
        ROLLED_BACK,
        /** A write failed and some earlier writes could not be undone. */
        ROLLBACK_INCOMPLETE,
        /** The target could not be reached, or the deploy failed before writing. */
        FAILED
    }

    /**
     * How an apply ended.
     *
     * @param applied the number of changes written (and kept)
     * @param errors  validation errors when rejected
     * @param failure what failed (null when nothing did)
     * @param undone  the rollback's steps, in order
     */
    record Result(Outcome outcome, int applied, List<String> errors, String failure, List<UiText> undone) {
        public Result {
            errors = List.copyOf(errors);
            undone = List.copyOf(undone);
        }

        public static Result failed(String failure) {
            return new Result(Outcome.FAILED, 0, List.of(), failure, List.of());
        }
    }
}
