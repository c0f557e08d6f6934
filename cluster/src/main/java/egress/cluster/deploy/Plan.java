package egress.cluster.deploy;

import java.util.List;

/**
 * What a deploy would do, object by object, in the order it would do it.
 *
 * @param changes             every workspace object of a deployed kind, and every pruned one
 * @param skipped             workspace objects that are not deployed, with the reason
 * @param egressPolicyEnabled the cluster's MeshConfig enableEgressPolicy (null: no MeshConfig found)
 */
public record Plan(List<Change> changes, List<String> skipped, Boolean egressPolicyEnabled) {

    public Plan {
        changes = List.copyOf(changes);
        skipped = List.copyOf(skipped);
    }

    public long count(Action action) {
        return changes.stream().filter(c -> c.action() == action).count();
    }

    /** The changes that write to the cluster (no UNCHANGED). */
    public List<Change> writes() {
        return changes.stream().filter(c -> c.action() != Action.UNCHANGED).toList();
    }
}
