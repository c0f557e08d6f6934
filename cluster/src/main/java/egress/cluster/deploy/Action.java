package egress.cluster.deploy;

/** What a deploy does to one object. */
public enum Action {
    CREATE,
    UPDATE,
    DELETE,
    UNCHANGED
}
