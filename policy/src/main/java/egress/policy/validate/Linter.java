package egress.policy.validate;

import egress.policy.model.Egress;
import egress.policy.model.Engine;
import egress.policy.model.PolicySet;
import java.util.List;

/**
 * Warnings about a set of manifests the cluster would accept but the mesh would not treat as written: ignored
 * fields, missing references, configurations an Envoy data plane rejects, and the places where the osm and
 * pipy engines decide differently. Never rejects anything.
 */
public final class Linter {
    private Linter() {}

    /**
     * Lints a whole set.
     *
     * @param engine the engine the user targets; lints about the other engine's quirks are left out. Null
     *               means both: every lint is reported.
     */
    public static List<Diagnostic> lint(PolicySet set, Engine engine) {
        LintContext cx = new LintContext(set, engine);
        for (Egress e : set.egresses()) {
            EgressLints.lint(cx, e);
            ReferenceLints.lint(cx, e);
        }
        ConflictLints.lint(cx);
        RouteGroupLints.lint(cx);
        return cx.diagnostics();
    }
}
