package egress.policy.match;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * The one way a regex from a policy is compiled with RE2/J. Policies are untrusted: RE2/J matches in linear
 * time, but its parser recurses once per group, and about 5,000 nested groups overflow the stack of whoever
 * compiles them (the enforcer's policy watch, the designer, a lint). Nesting deeper than Go's regexp/syntax
 * allows (1,000: "expression nests too deeply") is refused here as a syntax error before RE2/J sees it.
 */
public final class PolicyRegex {
    /** Go's limit on the nesting of a regex (regexp/syntax {@code maxHeight}). */
    public static final int MAX_NESTING = 1000;

    private PolicyRegex() {}

    /** Compiles {@code regex} as RE2 does; a regex nested deeper than {@link #MAX_NESTING} is a syntax error. */
    public static Pattern compile(String regex) {
        if (tooDeep(regex)) {
            throw new PatternSyntaxException(
                    "expression nests too deeply (more than " + MAX_NESTING + " groups)",
                    regex.substring(0, Math.min(regex.length(), 24)) + "...");
        }
        return Pattern.compile(regex);
    }

    /** Whether {@code regex} nests deeper than {@link #MAX_NESTING}: too deep for any recursive reader of it. */
    public static boolean tooDeep(String regex) {
        return nesting(regex) > MAX_NESTING;
    }

    /** The deepest group nesting of {@code regex}: parentheses outside classes, escapes and quoted text. */
    static int nesting(String regex) {
        int depth = 0;
        int max = 0;
        int n = regex.length();
        for (int i = 0; i < n; i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < n && regex.charAt(i + 1) == 'Q') {
                int end = regex.indexOf("\\E", i + 2);
                i = end < 0 ? n : end + 1;
            } else if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = classEnd(regex, i);
            } else if (c == '(') {
                max = Math.max(max, ++depth);
            } else if (c == ')' && depth > 0) {
                depth--;
            }
        }
        return max;
    }

    /** The index of the {@code ]} closing the class opened at {@code open} (a leading {@code ]} is a member). */
    private static int classEnd(String regex, int open) {
        int i = open + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            i++;
        }
        for (; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[' && i + 1 < regex.length() && regex.charAt(i + 1) == ':') {
                int end = regex.indexOf(":]", i + 2);
                i = end < 0 ? i : end + 1;
            } else if (c == ']') {
                return i;
            }
        }
        return regex.length();
    }
}
