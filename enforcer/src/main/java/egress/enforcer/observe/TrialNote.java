package egress.enforcer.observe;

import egress.policy.match.Decision;

/**
 * What an access line adds under {@code --report-only} or {@code --staged}.
 *
 * @param enforced false when the line's refusal was not carried out (report-only forwarded the connection)
 * @param staged   the staged set's decision when it disagrees with the line's (verdict or deciding policy), else null
 */
public record TrialNote(boolean enforced, Decision staged) {
    /** Nothing to add: enforced, and no disagreement. */
    public static final TrialNote NONE = new TrialNote(true, null);

    /** With the staged set's disagreement; this same note when there is none (no allocation per request). */
    public TrialNote withStaged(Decision d) {
        return d == staged ? this : new TrialNote(enforced, d);
    }

    public TrialNote notEnforced() {
        return new TrialNote(false, staged);
    }
}
