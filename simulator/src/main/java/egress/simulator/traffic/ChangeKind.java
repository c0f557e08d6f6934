package egress.simulator.traffic;

import egress.policy.match.Verdict;
import egress.policy.model.ObjectRef;
import java.util.Locale;
import java.util.Objects;

/**
 * How a recorded request's decision changes from one policy set to another, in the order they are shown: what
 * {@code egress diff --requests} counts and what a designer marks after an edit.
 */
public enum ChangeKind {
    NEWLY_REFUSED("newly refused"),
    NEWLY_ALLOWED("newly allowed"),
    OTHER_VERDICT("verdict changed"),
    CHANGED_POLICY("allowed by another policy");

    private final String label;

    ChangeKind(String label) {
        this.label = label;
    }

    /** The English heading of its group, as {@code egress diff} prints it. */
    public String label() {
        return label;
    }

    /** The stable id for APIs and styles: {@code newly-refused}, {@code changed-policy}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The change between two decisions of one request; null when there is none a user would see. */
    public static ChangeKind of(Verdict before, ObjectRef policyBefore, Verdict after, ObjectRef policyAfter) {
        if (before != after) {
            return before == Verdict.ALLOW && after == Verdict.DENY
                    ? NEWLY_REFUSED
                    : before == Verdict.DENY && after == Verdict.ALLOW ? NEWLY_ALLOWED : OTHER_VERDICT;
        }
        return before == Verdict.ALLOW && !Objects.equals(policyBefore, policyAfter) ? CHANGED_POLICY : null;
    }
}
