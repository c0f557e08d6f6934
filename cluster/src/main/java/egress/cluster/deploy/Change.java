package egress.cluster.deploy;

import java.util.List;
import java.util.Map;

/**
 * One object's part of a plan.
 *
 * @param changedFields the field paths that differ ({@code spec.hosts[0]}); every top-level field of the object
 *                      for a create or a delete
 * @param desired       the object as it will be applied (null for a delete)
 * @param live          the object as the cluster has it now (null for a create); rollback restores it
 */
public record Change(
        Action action,
        ObjectKey key,
        List<String> changedFields,
        Map<String, Object> desired,
        Map<String, Object> live) {

    public Change {
        changedFields = List.copyOf(changedFields);
    }
}
