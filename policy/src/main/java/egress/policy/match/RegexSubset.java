package egress.policy.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the part of RE2's syntax that {@link PositionAutomaton} runs, and refuses (null) everything else, which
 * then stays with RE2/J. The caller has compiled the regex with RE2/J first, so only valid RE2 reaches here; this
 * parser only has to give every regex it accepts RE2's meaning under RE2's default flags (no {@code (?i)},
 * {@code (?s)} or {@code (?m)}).
 *
 * <p>Accepted: literal characters of the Basic Multilingual Plane (no surrogates), {@code \} before ASCII
 * punctuation, {@code \n \t \r \f \v \a}, {@code \d \D \s \S \w \W} (RE2's ASCII classes; each negation holds
 * every other character, so {@code \D} and {@code \W} hold the newline), {@code .} (any character but newline),
 * classes {@code [a-z_]} and {@code [^...]} (RE2 lets a negated class match newline), concatenation, {@code |},
 * {@code (...)} and {@code (?:...)}, the greedy {@code * + ? {n} {n,} {n,m}}, {@code ^} as the first and {@code $}
 * as the last item of a regex with no {@code |} outside groups (in {@code ^a|b} the anchor binds to {@code a}
 * alone). Refused: other flags and group forms, lazy repetitions, stacked repetitions, a brace that is not a
 * repetition, {@code \b \B \A \z \p \x \Q}, octal escapes, POSIX classes {@code [[:alpha:]]}, anchors anywhere
 * else, groups nested more than 64 deep, and any surrogate.
 */
final class RegexSubset {
    /** One item of a parsed regex. */
    sealed interface Node permits Chars, Concat, Alt, Repeat, Anchor {}

    /** One character out of a set, given as sorted, disjoint, inclusive ranges {@code lo0,hi0,lo1,hi1,...}. */
    record Chars(int[] ranges) implements Node {
        /** The character when the set holds exactly one, else -1. */
        int single() {
            return ranges.length == 2 && ranges[0] == ranges[1] ? ranges[0] : -1;
        }

        boolean contains(int c) {
            for (int i = 0; i < ranges.length; i += 2) {
                if (c < ranges[i]) {
                    return false;
                }
                if (c <= ranges[i + 1]) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The items one after the other; no items matches the empty text. */
    record Concat(List<Node> items) implements Node {}

    /** Any one of the branches. */
    record Alt(List<Node> branches) implements Node {}

    /** {@code min} to {@code max} times; max -1 for no upper bound. */
    record Repeat(Node item, int min, int max) implements Node {}

    /** {@code ^} (begin true) or {@code $}; only ever the first or last item of the top concatenation. */
    record Anchor(boolean begin) implements Node {}

    /** A regex in the subset: its items without the anchors, and whether it had them. */
    record Parsed(Concat body, boolean anchoredStart, boolean anchoredEnd) {}

    private static final int MAX_CHAR = 0xFFFF;
    private static final int[] DIGITS = {'0', '9'};
    private static final int[] SPACE = {'\t', '\n', '\f', '\r', ' ', ' '};
    private static final int[] WORD = {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};
    private static final int[] NOT_NEWLINE = {0, '\n' - 1, '\n' + 1, MAX_CHAR};

    /** Deeper nesting is refused, so that no recursion over a parsed regex can run out of stack. */
    private static final int MAX_DEPTH = 64;

    private final String re;
    private int pos;
    private int depth;

    private RegexSubset(String re) {
        this.re = re;
    }

    /** The regex read as RE2 reads it, or null when it is outside the subset. */
    static Parsed parse(String regex) {
        RegexSubset p = new RegexSubset(regex);
        Node top;
        try {
            top = p.alternation();
        } catch (Refused e) {
            return null;
        }
        if (p.pos != regex.length()) {
            return null; // an unmatched ) (RE2 refuses it anyway)
        }
        List<Node> items = new ArrayList<>(top instanceof Concat c ? c.items() : List.of(top));
        boolean begin = !items.isEmpty() && items.get(0) instanceof Anchor a && a.begin();
        if (begin) {
            items.remove(0);
        }
        boolean end = !items.isEmpty() && items.get(items.size() - 1) instanceof Anchor a && !a.begin();
        if (end) {
            items.remove(items.size() - 1);
        }
        for (Node n : items) {
            if (hasAnchor(n)) {
                return null;
            }
        }
        return new Parsed(new Concat(List.copyOf(items)), begin, end);
    }

    private static boolean hasAnchor(Node n) {
        if (n instanceof Anchor) {
            return true;
        }
        if (n instanceof Concat c) {
            return c.items().stream().anyMatch(RegexSubset::hasAnchor);
        }
        if (n instanceof Alt a) {
            return a.branches().stream().anyMatch(RegexSubset::hasAnchor);
        }
        return n instanceof Repeat r && hasAnchor(r.item());
    }

    /** Thrown inside the parser for anything outside the subset; never leaves {@link #parse}. */
    private static final class Refused extends Exception {
        Refused() {
            super(null, null, false, false);
        }
    }

    private static final Refused REFUSED = new Refused();

    private Node alternation() throws Refused {
        List<Node> branches = new ArrayList<>();
        branches.add(concatenation());
        while (pos < re.length() && re.charAt(pos) == '|') {
            pos++;
            branches.add(concatenation());
        }
        return branches.size() == 1 ? branches.get(0) : new Alt(List.copyOf(branches));
    }

    /** Items up to a {@code |} or {@code )}; a group's own concatenation is spliced in. */
    private Concat concatenation() throws Refused {
        List<Node> items = new ArrayList<>();
        while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
            Node atom = atom();
            Node item = repetition(atom);
            if (item instanceof Concat c) {
                items.addAll(c.items());
            } else {
                items.add(item);
            }
        }
        return new Concat(List.copyOf(items));
    }

    private Node atom() throws Refused {
        char c = re.charAt(pos++);
        switch (c) {
            case '(' -> {
                if (re.startsWith("?:", pos)) {
                    pos += 2;
                } else if (re.startsWith("?", pos)) {
                    throw REFUSED; // flags, named groups
                }
                if (++depth > MAX_DEPTH) {
                    throw REFUSED;
                }
                Node inner = alternation();
                if (pos >= re.length() || re.charAt(pos) != ')') {
                    throw REFUSED;
                }
                pos++;
                depth--;
                return inner;
            }
            case '[' -> {
                return charClass();
            }
            case '.' -> {
                return new Chars(NOT_NEWLINE);
            }
            case '^' -> {
                return new Anchor(true);
            }
            case '$' -> {
                return new Anchor(false);
            }
            case '\\' -> {
                int[] perl = perlClass();
                return perl != null ? new Chars(perl) : one(escape());
            }
            case '*', '+', '?', '{', ')', '|' -> throw REFUSED;
            default -> {
                return one(literal(c));
            }
        }
    }

    private Node repetition(Node atom) throws Refused {
        if (pos >= re.length()) {
            return atom;
        }
        int min;
        int max;
        switch (re.charAt(pos)) {
            case '*' -> {
                min = 0;
                max = -1;
                pos++;
            }
            case '+' -> {
                min = 1;
                max = -1;
                pos++;
            }
            case '?' -> {
                min = 0;
                max = 1;
                pos++;
            }
            case '{' -> {
                int[] bounds = bounds();
                min = bounds[0];
                max = bounds[1];
            }
            default -> {
                return atom;
            }
        }
        if (atom instanceof Anchor) {
            throw REFUSED;
        }
        if (pos < re.length() && "*+?{".indexOf(re.charAt(pos)) >= 0) {
            throw REFUSED; // lazy (a*?) or stacked, which RE2 refuses
        }
        return new Repeat(atom, min, max);
    }

    /** {@code {n}}, {@code {n,}} or {@code {n,m}}; any other brace is refused (RE2 reads it as a literal). */
    private int[] bounds() throws Refused {
        int close = re.indexOf('}', pos);
        if (close < 0) {
            throw REFUSED;
        }
        String inside = re.substring(pos + 1, close);
        int comma = inside.indexOf(',');
        String lo = comma < 0 ? inside : inside.substring(0, comma);
        String hi = comma < 0 ? lo : inside.substring(comma + 1);
        int min = number(lo);
        int max = comma >= 0 && hi.isEmpty() ? -1 : number(hi);
        if (max >= 0 && max < min) {
            throw REFUSED;
        }
        pos = close + 1;
        return new int[] {min, max};
    }

    private static int number(String digits) throws Refused {
        if (digits.isEmpty() || digits.length() > 4) {
            throw REFUSED;
        }
        int n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char d = digits.charAt(i);
            if (d < '0' || d > '9') {
                throw REFUSED;
            }
            n = n * 10 + (d - '0');
        }
        return n;
    }

    private static Chars one(int c) {
        return new Chars(new int[] {c, c});
    }

    private static int literal(char c) throws Refused {
        if (Character.isSurrogate(c)) {
            throw REFUSED;
        }
        return c;
    }

    /** After a backslash: {@code \d \D \s \S \w \W} as ranges (consumed), else null (nothing consumed). */
    private int[] perlClass() throws Refused {
        if (pos >= re.length()) {
            throw REFUSED;
        }
        int[] set = switch (re.charAt(pos)) {
            case 'd' -> DIGITS;
            case 'D' -> complement(DIGITS);
            case 's' -> SPACE;
            case 'S' -> complement(SPACE);
            case 'w' -> WORD;
            case 'W' -> complement(WORD);
            default -> null;
        };
        if (set != null) {
            pos++;
        }
        return set;
    }

    /** After a backslash: the one character an escape stands for. */
    private int escape() throws Refused {
        if (pos >= re.length()) {
            throw REFUSED;
        }
        char c = re.charAt(pos++);
        switch (c) {
            case 'n':
                return '\n';
            case 't':
                return '\t';
            case 'r':
                return '\r';
            case 'f':
                return '\f';
            case 'v':
                return 0x0B;
            case 'a':
                return 0x07;
            default:
                if (c < 0x80 && !Character.isLetterOrDigit(c)) {
                    return c; // RE2: a backslash before ASCII punctuation stands for it
                }
                throw REFUSED;
        }
    }

    private Chars charClass() throws Refused {
        boolean negated = pos < re.length() && re.charAt(pos) == '^';
        if (negated) {
            pos++;
        }
        List<int[]> parts = new ArrayList<>();
        boolean first = true;
        while (true) {
            if (pos >= re.length()) {
                throw REFUSED;
            }
            char c = re.charAt(pos);
            if (c == ']' && !first) {
                pos++;
                break;
            }
            first = false;
            if (c == '[' && re.startsWith(":", pos + 1)) {
                throw REFUSED; // POSIX class
            }
            if (c == '\\' && pos + 1 < re.length() && "dDsSwW".indexOf(re.charAt(pos + 1)) >= 0) {
                pos++;
                parts.add(perlClass());
                continue;
            }
            int lo = classChar();
            int hi = lo;
            if (pos + 1 < re.length() && re.charAt(pos) == '-' && re.charAt(pos + 1) != ']') {
                pos++;
                hi = classChar();
                if (hi < lo) {
                    throw REFUSED;
                }
            }
            parts.add(new int[] {lo, hi});
        }
        int[] set = union(parts);
        return new Chars(negated ? complement(set) : set);
    }

    /** One character of a class, escaped or not. */
    private int classChar() throws Refused {
        char c = re.charAt(pos++);
        return c == '\\' ? escape() : literal(c);
    }

    static int[] union(List<int[]> parts) {
        List<int[]> pairs = new ArrayList<>();
        for (int[] p : parts) {
            for (int i = 0; i < p.length; i += 2) {
                pairs.add(new int[] {p[i], p[i + 1]});
            }
        }
        pairs.sort((a, b) -> Integer.compare(a[0], b[0]));
        int[] out = new int[pairs.size() * 2];
        int n = 0;
        for (int[] r : pairs) {
            if (n > 0 && r[0] <= out[n - 1] + 1) {
                out[n - 1] = Math.max(out[n - 1], r[1]);
            } else {
                out[n++] = r[0];
                out[n++] = r[1];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Every character of the plane outside the set (the automaton never sees a surrogate or beyond). */
    static int[] complement(int[] set) {
        int[] out = new int[set.length + 2];
        int n = 0;
        int next = 0;
        for (int i = 0; i < set.length; i += 2) {
            if (set[i] > next) {
                out[n++] = next;
                out[n++] = set[i] - 1;
            }
            next = set[i + 1] + 1;
        }
        if (next <= MAX_CHAR) {
            out[n++] = next;
            out[n++] = MAX_CHAR;
        }
        return Arrays.copyOf(out, n);
    }
}
