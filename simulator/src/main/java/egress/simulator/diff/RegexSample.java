package egress.simulator.diff;

import egress.policy.match.PolicyRegex;
import java.util.ArrayList;
import java.util.List;

/**
 * Strings that a route regex matches, to try as witness paths and header values: the shortest
 * (every {@code *} and {@code ?} taken zero times, the first alternative) and a longer one (each
 * {@code *}, {@code +} and {@code ?} once more, a letter where {@code .} stands). A sample is only a candidate:
 * the caller confirms it with the real matcher, so a construct read wrongly here costs a witness,
 * never a wrong one.
 */
final class RegexSample {
    private final String re;
    private final boolean longer;
    private int i;

    private RegexSample(String re, boolean longer) {
        this.re = re;
        this.longer = longer;
    }

    /** The shortest and a longer sample; empty when the regex is beyond this reader. */
    static List<String> of(String regex) {
        List<String> out = new ArrayList<>(2);
        if (PolicyRegex.tooDeep(regex)) {
            return out; // this reader recurses per group too
        }
        for (boolean longer : new boolean[] {false, true}) {
            try {
                RegexSample s = new RegexSample(regex, longer);
                String text = s.alternation();
                if (s.i == regex.length() && !out.contains(text)) {
                    out.add(text);
                }
            } catch (RuntimeException e) {
                // beyond this reader: no sample
            }
        }
        return out;
    }

    private String alternation() {
        String first = concatenation();
        while (i < re.length() && re.charAt(i) == '|') {
            i++;
            concatenation(); // only the first alternative is sampled
        }
        return first;
    }

    private String concatenation() {
        StringBuilder out = new StringBuilder();
        while (i < re.length() && re.charAt(i) != '|' && re.charAt(i) != ')') {
            String atom = atom();
            int min = 1;
            int extra = 0;
            if (i < re.length()) {
                char q = re.charAt(i);
                if (q == '*' || q == '+' || q == '?') {
                    i++;
                    min = q == '+' ? 1 : 0;
                    extra = 1;
                } else if (q == '{') {
                    int close = re.indexOf('}', i);
                    String[] bounds = re.substring(i + 1, close).split(",", -1);
                    min = Integer.parseInt(bounds[0].trim());
                    extra = bounds.length > 1 && (bounds[1].isBlank() || Integer.parseInt(bounds[1].trim()) > min)
                            ? 1
                            : 0;
                    i = close + 1;
                }
                if (i < re.length() && re.charAt(i) == '?') {
                    i++; // lazy: the same strings
                }
            }
            int times = min + (longer ? extra : 0);
            for (int k = 0; k < times; k++) {
                out.append(atom);
            }
        }
        return out.toString();
    }

    private String atom() {
        char c = re.charAt(i++);
        switch (c) {
            case '^', '$' -> {
                return "";
            }
            case '.' -> {
                return "x";
            }
            case '(' -> {
                if (re.startsWith("?:", i)) {
                    i += 2;
                } else if (re.startsWith("?P<", i) || re.startsWith("?<", i)) {
                    i = re.indexOf('>', i) + 1;
                } else if (i < re.length() && re.charAt(i) == '?') {
                    throw new IllegalArgumentException("flags");
                }
                String inner = alternation();
                if (i >= re.length() || re.charAt(i) != ')') {
                    throw new IllegalArgumentException("unclosed group");
                }
                i++;
                return inner;
            }
            case '[' -> {
                return charClass();
            }
            case '\\' -> {
                char e = re.charAt(i++);
                return switch (e) {
                    case 'd' -> "0";
                    case 'w' -> "a";
                    case 's' -> " ";
                    case 'D', 'W', 'S' -> "-";
                    case 'b', 'B', 'A', 'z' -> "";
                    case 'Q' -> {
                        int end = re.indexOf("\\E", i);
                        String lit = end < 0 ? re.substring(i) : re.substring(i, end);
                        i = end < 0 ? re.length() : end + 2;
                        yield lit;
                    }
                    default -> {
                        if (Character.isLetterOrDigit(e)) {
                            throw new IllegalArgumentException("escape \\" + e);
                        }
                        yield String.valueOf(e);
                    }
                };
            }
            default -> {
                return String.valueOf(c);
            }
        }
    }

    /** The first character a class admits (for a negated class: the first of "xa0/-" it does not exclude). */
    private String charClass() {
        boolean negated = i < re.length() && re.charAt(i) == '^';
        if (negated) {
            i++;
        }
        StringBuilder members = new StringBuilder();
        boolean first = true;
        while (i < re.length() && (re.charAt(i) != ']' || first)) {
            first = false;
            char c = re.charAt(i++);
            if (c == '\\') {
                char e = re.charAt(i++);
                members.append(e == 'd' ? '0' : e == 'w' ? 'a' : e == 's' ? ' ' : e);
            } else if (c == '[' && re.startsWith(":", i)) {
                int end = re.indexOf(":]", i);
                String name = re.substring(i + 1, end);
                members.append(name.equals("digit") ? '0' : name.equals("space") ? ' ' : 'a');
                i = end + 2;
            } else {
                members.append(c);
            }
        }
        i++; // ']'
        if (!negated) {
            return String.valueOf(members.charAt(0));
        }
        for (char c : "xa0/-_".toCharArray()) {
            if (members.indexOf(String.valueOf(c)) < 0 && !inRange(members, c)) {
                return String.valueOf(c);
            }
        }
        throw new IllegalArgumentException("negated class");
    }

    private static boolean inRange(CharSequence members, char c) {
        for (int k = 1; k + 1 < members.length(); k++) {
            if (members.charAt(k) == '-' && members.charAt(k - 1) <= c && c <= members.charAt(k + 1)) {
                return true;
            }
        }
        return false;
    }
}
