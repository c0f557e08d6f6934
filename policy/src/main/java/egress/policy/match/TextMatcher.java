package egress.policy.match;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.HashMap;
import java.util.Map;

/**
 * A regex from a policy, compiled once into the cheapest test that decides exactly as RE2 would:
 * string comparisons for literals, {@code literal.*} prefixes (the usual path regexes) and alternations of
 * literals ({@code a|b}, {@code (a|b)}, {@code (?:a|b)}), a {@link PositionAutomaton} (linear time, no
 * backtracking) for the rest of {@link RegexSubset} ({@code /api/v[0-9]+/.*}, {@code /hooks/[A-Za-z0-9]{8,}}),
 * and RE2/J (linear time, as Envoy's safe_regex) for everything else and for texts holding a surrogate. A regex
 * left to RE2/J that starts with a literal is first checked for it with a string comparison, so a text that
 * cannot match never reaches RE2/J. Envoy matches
 * the whole text, pipy finds the regex anywhere in it, so each regex compiles to a full-match or a find test.
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
            p = PolicyRegex.compile(regex);
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
            String literal = regex.substring(1);
            return new TextMatcher() { // what follows the literal may hold a newline: no .* has to match it
                @Override
                boolean test(String s) {
                    return s.startsWith(literal);
                }
            };
        }
        String[] alternatives = literalAlternatives(regex);
        if (alternatives != null) {
            return whole ? equalsOneOf(alternatives) : containsOneOf(alternatives);
        }
        PositionAutomaton automaton = PositionAutomaton.compile(regex);
        if (automaton != null) {
            return whole ? wholeByAutomaton(automaton, p) : findByAutomaton(automaton, p);
        }
        String prefix = literalPrefix(regex);
        if (whole) {
            return prefix.isEmpty()
                    ? new TextMatcher() {
                        @Override
                        boolean test(String s) {
                            return p.matches(s);
                        }
                    }
                    : new TextMatcher() {
                        @Override
                        boolean test(String s) {
                            return s.startsWith(prefix) && p.matches(s);
                        }
                    };
        }
        return prefix.isEmpty()
                ? new TextMatcher() {
                    @Override
                    boolean test(String s) {
                        return p.matcher(s).find();
                    }
                }
                : new TextMatcher() {
                    @Override
                    boolean test(String s) {
                        return s.contains(prefix) && p.matcher(s).find();
                    }
                };
    }

    private static TextMatcher wholeByAutomaton(PositionAutomaton a, Pattern p) {
        return new TextMatcher() {
            @Override
            boolean test(String s) {
                int r = a.matchesWhole(s);
                return r == PositionAutomaton.UNDECIDED ? p.matches(s) : r == PositionAutomaton.YES;
            }
        };
    }

    private static TextMatcher findByAutomaton(PositionAutomaton a, Pattern p) {
        return new TextMatcher() {
            @Override
            boolean test(String s) {
                int r = a.find(s);
                return r == PositionAutomaton.UNDECIDED ? p.matcher(s).find() : r == PositionAutomaton.YES;
            }
        };
    }

    /**
     * The literal text every match of {@code regex} starts with (empty when none): the characters before its
     * first one that RE2 gives a meaning to, less the last, which a repetition may follow ({@code ab*} starts with
     * {@code a}), even after something RE2 reads as nothing ({@code a(?i)*} and {@code a\Q\E*} are {@code a*}).
     * Empty when the regex has an alternation outside parentheses, whose branches start differently.
     */
    static String literalPrefix(String regex) {
        if (hasTopLevelAlternation(regex)) {
            return "";
        }
        int n = 0;
        while (n < regex.length() && "\\.+*?()|[]{}^$".indexOf(regex.charAt(n)) < 0) {
            n++;
        }
        if (n < regex.length()) {
            n--;
        }
        if (n > 0 && Character.isHighSurrogate(regex.charAt(n - 1))) {
            n--; // never split a character (a repetition after it applies to all of it)
        }
        return n <= 0 ? "" : regex.substring(0, n);
    }

    /** Whether a {@code |} stands outside every group and character class (escapes skipped); true when unsure. */
    static boolean hasTopLevelAlternation(String regex) {
        int depth = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                int j = i + 1;
                if (j < regex.length() && regex.charAt(j) == '^') {
                    j++;
                }
                if (j < regex.length() && regex.charAt(j) == ']') {
                    j++; // a ] right after [ or [^ is a literal ]
                }
                while (j < regex.length() && regex.charAt(j) != ']') {
                    if (regex.charAt(j) == '\\') {
                        j++;
                    }
                    j++;
                }
                if (j >= regex.length()) {
                    return true;
                }
                i = j;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return true;
            }
        }
        return depth != 0;
    }

    /**
     * The branches of {@code a|b|c}, {@code (a|b|c)} or {@code (?:a|b|c)} when every branch is a literal (an
     * empty one included), else null.
     */
    static String[] literalAlternatives(String regex) {
        String body = regex;
        if (body.startsWith("(?:") && body.endsWith(")")) {
            body = body.substring(3, body.length() - 1);
        } else if (body.startsWith("(") && body.endsWith(")") && !body.startsWith("(?")) {
            body = body.substring(1, body.length() - 1);
        }
        if (body.indexOf('|') < 0) {
            return null;
        }
        String[] branches = body.split("\\|", -1);
        for (String b : branches) {
            if (!isLiteral(b)) {
                return null;
            }
        }
        return branches;
    }

    private static TextMatcher equalsOneOf(String[] literals) {
        return new TextMatcher() {
            @Override
            boolean test(String s) {
                for (String l : literals) {
                    if (s.equals(l)) {
                        return true;
                    }
                }
                return false;
            }
        };
    }

    private static TextMatcher containsOneOf(String[] literals) {
        return new TextMatcher() {
            @Override
            boolean test(String s) {
                for (String l : literals) {
                    if (s.contains(l)) {
                        return true;
                    }
                }
                return false;
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
