package egress.policy.validate;

import egress.policy.match.MeshScope;
import egress.policy.model.Engine;
import egress.policy.model.PolicySet;
import egress.policy.yaml.Manifest;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates a set of manifests as a whole: {@link Admission} for each one (the webhook only where the set's
 * Namespace manifests let it run, {@link MeshScope#webhookChecks}), then the {@link Linter} over the
 * manifests that would be admitted (a rejected manifest never reaches the cluster, so the lints see the set as
 * the mesh would).
 */
public final class Validator {
    private Validator() {}

    /** Admission errors and the lint warnings of both engines. */
    public static Report validate(List<Manifest> manifests) {
        return validate(manifests, null);
    }

    /** Admission errors and the lint warnings that matter for {@code engine} (null: both engines). */
    public static Report validate(List<Manifest> manifests, Engine engine) {
        List<Diagnostic> all = new ArrayList<>();
        List<Manifest> admitted = new ArrayList<>();
        List<Manifest> rejected = new ArrayList<>();
        MeshScope scope = MeshScope.of(PolicySet.of(manifests));
        for (Manifest m : manifests) {
            List<Diagnostic> errors =
                    Admission.check(m, scope.webhookChecks(m.namespace() == null ? "default" : m.namespace()));
            all.addAll(errors);
            (errors.isEmpty() ? admitted : rejected).add(m);
        }
        all.addAll(Linter.lint(PolicySet.of(admitted), engine));
        return new Report(all, rejected);
    }
}
