package egress.policy.match;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.HashMap;
import java.util.Map;

/**
 * A regex from a policy, compiled once into the cheapest test that decides exactly as RE2 would:
 * string comparisons for literals and {@code literal.*} prefixes (the usual path regexes), RE2/J
 * (linear time, as Envoy's safe_regex) for everything else. Envoy matches the whole text, pipy
 * finds the regex anywhere in it, so each regex compiles to a full-match or a find test.
 */
abstract class TextMatcher {
    /** Never matches: a regex that is not valid RE2 (the lint reports it). */
    static final TextMatcher INVALID = new TextMatcher() {
        @Override
        boolean test(String s) {
            return false;
        }
    };

    abstract boolean test(String s);

    /** Shares compiled matchers between the routes of one compilation (many policies repeat one regex). */
    static final class Cache {
        private final Map<String, TextMatcher> full = new HashMap<>();
        private final Map<String, TextMatcher> find = new HashMap<>();

        /** A test for an RE2 match of the whole text (Envoy). */
        TextMatcher fullMatch(String regex) {
            return full.computeIfAbsent(regex, r -> build(r, true));
        }

        /** A test for an RE2 match anywhere in the text (pipy's unanchored RegExp.test). */
        TextMatcher find(String regex) {
            return find.computeIfAbsent(regex, r -> build(r, false));
        }
    }

    static TextMatcher build(String regex, boolean whole) {
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return INVALID;
        }
        if (regex.equals(".*")) {
            return whole ? noNewline() : ANY;
        }
        if (isLiteral(regex)) {
            return whole ? equalsTo(regex) : contains(regex);
        }
        if (regex.endsWith(".*") && isLiteral(regex.substring(0, regex.length() - 2))) {
            String prefix = regex.substring(0, regex.length() - 2);
            return whole ? startsWith(prefix) : contains(prefix);
        }
        if (!whole && regex.startsWith("^") && isLiteral(regex.substring(1))) {
            return startsWith(regex.substring(1));
        }
        return whole ? new TextMatcher() {
            @Override
            boolean test(String s) {
                return p.matches(s);
            }
        } : new TextMatcher() {
            @Override
            boolean test(String s) {
                return p.matcher(s).find();
            }
        };
    }

    /** No character RE2 gives a meaning to; {@code .} excluded too, since it matches any character but newline. */
    static boolean isLiteral(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("\\.+*?()|[]{}^$".indexOf(s.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static final TextMatcher ANY = new TextMatcher() {
        @Override
        boolean test(String s) {
            return true;
        }
    };

    private static TextMatcher noNewline() {
        return new TextMatcher() {
            @Override
            boolean test(String s) {
                return s.indexOf('\n') < 0; // RE2's . does not match a newline
            }
        };
    }

    private static TextMatcher equalsTo(String literal) {
        return new TextMatcher() {
            @Override
            boolean test(String s) {
                return s.equals(literal);
            }
        };
    }

    private static TextMatcher startsWith(String prefix) {
        return new TextMatcher() {
            @Override
            boolean test(String s) {
                return s.startsWith(prefix) && s.indexOf('\n', prefix.length()) < 0;
            }
        };
    }

    private static TextMatcher contains(String literal) {
        return new TextMatcher() {
            @Override
            boolean test(String s) {
                return s.contains(literal);
            }
        };
    }
}
