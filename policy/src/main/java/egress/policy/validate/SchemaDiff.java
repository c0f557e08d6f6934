package egress.policy.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compares schemas constraint by constraint, to keep the product's schemas in step with upstream CRDs. */
public final class SchemaDiff {
    private SchemaDiff() {}

    /**
     * The constraints {@code declared} has and {@code reference} lacks, one line each, such as
     * {@code spec.ports[].number: maximum=65535}. Empty when every declared constraint is also in the reference.
     */
    public static List<String> missingIn(Schema declared, Schema reference) {
        List<String> out = new ArrayList<>();
        walk(declared, reference, "", out);
        return out;
    }

    private static void walk(Schema declared, Schema reference, String at, List<String> out) {
        String here = at.isEmpty() ? "<root>" : at;
        if (reference == null) {
            out.add(here + ": not declared");
            return;
        }
        List<String> theirs = reference.ownConstraints();
        for (String c : declared.ownConstraints()) {
            if (!theirs.contains(c)) {
                out.add(here + ": " + c);
            }
        }
        for (Map.Entry<String, Schema> p : declared.properties().entrySet()) {
            String child = at.isEmpty() ? p.getKey() : at + "." + p.getKey();
            walk(p.getValue(), reference.properties().get(p.getKey()), child, out);
        }
        if (declared.items() != null) {
            walk(declared.items(), reference.items(), at + "[]", out);
        }
        if (declared.additionalProperties() != null) {
            walk(declared.additionalProperties(), reference.additionalProperties(), at + ".*", out);
        }
    }
}
