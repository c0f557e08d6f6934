package egress.cluster.deploy;

import egress.policy.validate.Report;
import java.util.List;

/**
 * How a deploy ended.
 *
 * @param report   validation of the workspace (errors make the outcome REJECTED)
 * @param plan     the plan (null when rejected)
 * @param events   every progress event, in order
 * @param failure  what failed (null when nothing did)
 */
public record DeployResult(Outcome outcome, Report report, Plan plan, List<DeployEvent> events, String failure) {

    public enum Outcome {
        /**
         * A manifest would be rejected (by validation, or by the cluster in its dry run: see the failure);
         * nothing was written.
         */
        REJECTED,
        /** Dry run: the plan only. */
        PLANNED,
        /** Every change was written. */
        APPLIED,
        /** A write failed and every earlier write was undone. */
        ROLLED_BACK,
        /** A write failed and some earlier writes could not be undone (see the events). */
        ROLLBACK_INCOMPLETE,
        /**
         * Nothing was written: an earlier deploy to this cluster was interrupted and its journal must first be
         * finished or rolled back (the failure says which deploy).
         */
        UNFINISHED
    }

    public DeployResult {
        events = List.copyOf(events);
    }
}
