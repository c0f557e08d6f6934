package egress.cluster.deploy;

/**
 * Receives a deploy's progress as it happens, on the deploying thread. An exception thrown here stops the
 * deploy and rolls it back, as any other failure does.
 */
@FunctionalInterface
public interface DeployListener {
    DeployListener NONE = e -> {};

    void onEvent(DeployEvent event);
}
