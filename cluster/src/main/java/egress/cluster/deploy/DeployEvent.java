package egress.cluster.deploy;

/**
 * Progress of a deploy, one event per step.
 *
 * @param index  the step, from 1 ({@code 0} for events about the whole deploy)
 * @param total  the number of steps that write
 * @param key    the object (null for events about the whole deploy)
 */
public record DeployEvent(Type type, int index, int total, Action action, ObjectKey key, String message) {

    public enum Type {
        /** An object was written (created, updated, deleted). */
        APPLIED,
        /** Writing an object failed; a rollback follows. */
        FAILED,
        /** One step of the rollback was undone. */
        ROLLED_BACK,
        /** The MeshConfig's enableEgressPolicy flag was switched. */
        MESH_CONFIG,
        /** The deploy is over; the message says how it ended. */
        DONE
    }
}
