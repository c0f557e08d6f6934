package egress.enforcer.config;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * Where the enforcer's policies come from: manifest files ({@link FilePolicySource}) or a cluster
 * ({@link KubernetesPolicySource}). Either way the current {@link PolicySnapshot} is swapped in whole;
 * before the first successful load it is the empty snapshot, which refuses everything (fail closed).
 */
public interface PolicySource extends Supplier<PolicySnapshot>, AutoCloseable {

    /** The snapshot new connections should use. */
    @Override
    PolicySnapshot get();

    /**
     * Loads the first snapshot and starts following changes. A policy error is not thrown: it leaves the
     * source failing closed (and logged); only a failure to set up the following itself is.
     */
    void start() throws IOException;

    /**
     * What {@code /ready} answers: not ready before a first snapshot (and, for sources that know, while the
     * snapshot in use is stale or the source cannot see changes), with the reason.
     */
    default Readiness readiness() {
        return get().loaded() ? Readiness.ok("") : Readiness.notReady("no policy snapshot loaded yet");
    }

    /** Where the policies come from, for log lines. */
    String describe();

    @Override
    void close();
}
