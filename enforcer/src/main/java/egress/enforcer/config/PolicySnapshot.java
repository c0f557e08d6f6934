package egress.enforcer.config;

import egress.policy.match.CompiledPolicySet;
import egress.policy.match.PolicyCompiler;
import egress.policy.model.Engine;
import egress.policy.model.MeshConfig;
import egress.policy.model.PolicySet;
import java.time.Instant;

/**
 * One compiled policy version. Each HTTP request is decided under the current one; a tunnel is decided under
 * the one current when it opens, and again under each newer one while it stays open.
 *
 * @param version 0 for the empty snapshot used before anything has loaded; 1, 2, ... after each load
 */
public record PolicySnapshot(long version, CompiledPolicySet policies, Instant loadedAt) {

    /** Before the first load: no Egress at all, so every client is refused (fail closed). */
    public static PolicySnapshot empty(Engine engine) {
        return new PolicySnapshot(
                0, PolicyCompiler.compile(PolicySet.empty(), MeshConfig.DEFAULT, engine), Instant.now());
    }

    public boolean loaded() {
        return version > 0;
    }
}
