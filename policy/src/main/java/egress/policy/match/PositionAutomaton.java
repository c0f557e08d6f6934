package egress.policy.match;

import egress.policy.match.RegexSubset.Alt;
import egress.policy.match.RegexSubset.Chars;
import egress.policy.match.RegexSubset.Concat;
import egress.policy.match.RegexSubset.Node;
import egress.policy.match.RegexSubset.Repeat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A regex of {@link RegexSubset} as a Glushkov position automaton run bit-parallel: every character set of the
 * regex (after repetitions are written out, at most 64) is one position, one bit of a {@code long}; the state
 * is the set of positions the last character read may have been matched by. A character moves the state to
 * the positions that may follow one of them ({@link #follow}) and whose set holds the character. Each character
 * of the text is read once and costs at most 64 table reads, whatever the regex: no backtracking, linear time.
 *
 * <p>A text holding a surrogate is left {@link #UNDECIDED} (RE2 reads a pair as one character, the automaton
 * reads UTF-16 units), for the caller to ask RE2/J. Immutable, so one instance serves every thread.
 */
final class PositionAutomaton {
    static final int NO = 0;
    static final int YES = 1;
    /** The text holds a surrogate: ask RE2/J. */
    static final int UNDECIDED = -1;

    static final int MAX_POSITIONS = 64;

    private final int positions;
    /** Positions a match may start with. */
    private final long first;
    /** Positions a match may end with. */
    private final long last;
    /** Per position, the positions that may come right after it. */
    private final long[] follow;
    /** Whether the empty text matches. */
    private final boolean nullable;
    /** {@code ^} first: a match starts only at the start of the text. */
    private final boolean anchoredStart;
    /** {@code $} last: a match ends only at the end of the text. */
    private final boolean anchoredEnd;
    /** Per ASCII character, the index into {@link #asciiMasks} of the positions whose set holds it. */
    private final byte[] asciiClass;
    /** The distinct position masks of the ASCII characters. */
    private final long[] asciiMasks;
    /** Positions whose set holds some character beyond ASCII. */
    private final long wide;
    /** Per position, its set of characters. */
    private final Chars[] sets;
    /** The literal every match starts with (empty when none). */
    private final String prefix;
    /** The state once the prefix is read from the start of the text. */
    private final long prefixState;
    /** Whether a match ends inside the prefix (so an anchored find that sees the prefix is done). */
    private final boolean prefixAccepts;

    private PositionAutomaton(RegexSubset.Parsed parsed, int size) {
        Builder b = new Builder(size);
        Glushkov g = b.build(parsed.body());
        this.positions = size;
        this.first = g.first;
        this.last = g.last;
        this.nullable = g.nullable;
        this.follow = b.follow;
        this.sets = b.sets;
        this.anchoredStart = parsed.anchoredStart();
        this.anchoredEnd = parsed.anchoredEnd();
        long w = 0;
        for (int p = 0; p < size; p++) {
            int[] r = sets[p].ranges();
            if (r.length > 0 && r[r.length - 1] >= 0x80) {
                w |= 1L << p;
            }
        }
        this.wide = w;
        this.asciiClass = new byte[0x80];
        Map<Long, Integer> index = new HashMap<>();
        List<Long> masks = new ArrayList<>();
        for (int c = 0; c < 0x80; c++) {
            long m = 0;
            for (int p = 0; p < size; p++) {
                if (sets[p].contains(c)) {
                    m |= 1L << p;
                }
            }
            Integer i = index.get(m);
            if (i == null) {
                i = masks.size();
                index.put(m, i);
                masks.add(m);
            }
            asciiClass[c] = (byte) (int) i;
        }
        this.asciiMasks = masks.stream().mapToLong(Long::longValue).toArray();
        StringBuilder lit = new StringBuilder();
        for (Node n : parsed.body().items()) {
            int c = n instanceof Chars ch ? ch.single() : -1;
            if (c < 0) {
                break;
            }
            lit.append((char) c);
        }
        this.prefix = lit.toString();
        long d = 0;
        boolean accepts = false;
        for (int i = 0; i < prefix.length(); i++) {
            d = (i == 0 ? first : follow(d)) & mask(prefix.charAt(i));
            accepts |= (d & last) != 0;
        }
        this.prefixState = d;
        this.prefixAccepts = accepts;
    }

    /** The automaton for {@code regex}, or null when it is outside the subset or needs more than 64 positions. */
    static PositionAutomaton compile(String regex) {
        RegexSubset.Parsed parsed = RegexSubset.parse(regex);
        if (parsed == null) {
            return null;
        }
        long size = size(parsed.body());
        return size > MAX_POSITIONS ? null : new PositionAutomaton(parsed, (int) size);
    }

    /** How many positions the written-out regex has; anything above 64 may be reported as 65. */
    private static long size(Node n) {
        if (n instanceof Chars) {
            return 1;
        }
        if (n instanceof Concat c) {
            return sum(c.items());
        }
        if (n instanceof Alt a) {
            return sum(a.branches());
        }
        if (n instanceof Repeat r) {
            long copies = r.max() < 0 ? Math.max(r.min(), 1) : r.max();
            return Math.min(size(r.item()) * copies, MAX_POSITIONS + 1);
        }
        return 0;
    }

    private static long sum(List<Node> nodes) {
        long s = 0;
        for (Node n : nodes) {
            s = Math.min(s + size(n), MAX_POSITIONS + 1);
        }
        return s;
    }

    int positions() {
        return positions;
    }

    /** Whether the whole text matches (Envoy): {@link #YES}, {@link #NO} or {@link #UNDECIDED}. */
    int matchesWhole(CharSequence s) {
        int n = s.length();
        long d;
        int i;
        if (!prefix.isEmpty()) {
            if (!startsWith(s, prefix)) {
                return NO;
            }
            d = prefixState;
            i = prefix.length();
        } else {
            if (n == 0) {
                return nullable ? YES : NO;
            }
            char c = s.charAt(0);
            if (Character.isSurrogate(c)) {
                return UNDECIDED;
            }
            d = first & mask(c);
            i = 1;
        }
        for (; i < n && d != 0; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                return UNDECIDED;
            }
            d = follow(d) & mask(c);
        }
        return (d & last) != 0 ? YES : NO;
    }

    /**
     * Whether the regex matches anywhere in the text (pipy's unanchored test), {@code ^} only at its start and
     * {@code $} only at its end: {@link #YES}, {@link #NO} or {@link #UNDECIDED}.
     */
    int find(CharSequence s) {
        int n = s.length();
        if (nullable && (!anchoredStart || !anchoredEnd || n == 0)) {
            return YES; // the empty match at the start (or, under $ alone, at the end)
        }
        return anchoredStart ? findAnchored(s, n) : findAnywhere(s, n);
    }

    private int findAnchored(CharSequence s, int n) {
        long d;
        int i;
        if (!prefix.isEmpty()) {
            if (!startsWith(s, prefix)) {
                return NO;
            }
            if (prefixAccepts && !anchoredEnd) {
                return YES;
            }
            d = prefixState;
            i = prefix.length();
        } else {
            if (n == 0) {
                return NO;
            }
            char c = s.charAt(0);
            if (Character.isSurrogate(c)) {
                return UNDECIDED;
            }
            d = first & mask(c);
            i = 1;
            if (!anchoredEnd && (d & last) != 0) {
                return YES;
            }
        }
        for (; i < n && d != 0; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                return UNDECIDED;
            }
            d = follow(d) & mask(c);
            if (!anchoredEnd && (d & last) != 0) {
                return YES;
            }
        }
        return anchoredEnd && (d & last) != 0 ? YES : NO;
    }

    private int findAnywhere(CharSequence s, int n) {
        int i = 0;
        if (!prefix.isEmpty()) {
            i = indexOf(s, prefix); // no match starts before the prefix first appears
            if (i < 0) {
                return NO;
            }
        }
        long d = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                return UNDECIDED;
            }
            d = (follow(d) | first) & mask(c);
            if (!anchoredEnd && (d & last) != 0) {
                return YES;
            }
        }
        return (d & last) != 0 ? YES : NO;
    }

    /** The positions that may follow one of {@code d}. */
    private long follow(long d) {
        long f = 0;
        while (d != 0) {
            f |= follow[Long.numberOfTrailingZeros(d)];
            d &= d - 1;
        }
        return f;
    }

    /** The positions whose set holds {@code c} (never a surrogate). */
    private long mask(char c) {
        if (c < 0x80) {
            return asciiMasks[asciiClass[c]];
        }
        long m = 0;
        for (long w = wide; w != 0; w &= w - 1) {
            int p = Long.numberOfTrailingZeros(w);
            if (sets[p].contains(c)) {
                m |= 1L << p;
            }
        }
        return m;
    }

    private static boolean startsWith(CharSequence s, String prefix) {
        if (s instanceof String str) {
            return str.startsWith(prefix);
        }
        if (s.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (s.charAt(i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(CharSequence s, String literal) {
        if (s instanceof String str) {
            return str.indexOf(literal);
        }
        for (int i = 0; i + literal.length() <= s.length(); i++) {
            if (startsWith(s.subSequence(i, s.length()), literal)) {
                return i;
            }
        }
        return -1;
    }

    /** First, last and nullable of one written-out piece of the regex. */
    private record Glushkov(long first, long last, boolean nullable) {}

    private static final Glushkov EMPTY = new Glushkov(0, 0, true);

    /** Writes repetitions out into fresh positions and fills in the follow sets (the Glushkov construction). */
    private static final class Builder {
        final long[] follow;
        final Chars[] sets;
        int next;

        Builder(int size) {
            follow = new long[size];
            sets = new Chars[size];
        }

        Glushkov build(Node n) {
            if (n instanceof Chars ch) {
                sets[next] = ch;
                long bit = 1L << next++;
                return new Glushkov(bit, bit, false);
            }
            if (n instanceof Concat c) {
                Glushkov g = EMPTY;
                for (Node item : c.items()) {
                    g = concat(g, build(item));
                }
                return g;
            }
            if (n instanceof Alt a) {
                long f = 0;
                long l = 0;
                boolean e = false;
                for (Node branch : a.branches()) {
                    Glushkov g = build(branch);
                    f |= g.first;
                    l |= g.last;
                    e |= g.nullable;
                }
                return new Glushkov(f, l, e);
            }
            if (n instanceof Repeat r) {
                return repeat(r);
            }
            return EMPTY; // anchors never reach here
        }

        /** {@code e{n,m}} as n copies then m-n optional ones; {@code e{n,}} as n-1 copies then {@code e+}. */
        private Glushkov repeat(Repeat r) {
            Glushkov g = EMPTY;
            if (r.max() < 0) {
                for (int i = 1; i < r.min(); i++) {
                    g = concat(g, build(r.item()));
                }
                Glushkov loop = build(r.item());
                connect(loop.last, loop.first);
                return concat(g, new Glushkov(loop.first, loop.last, loop.nullable || r.min() == 0));
            }
            for (int i = 0; i < r.max(); i++) {
                Glushkov copy = build(r.item());
                g = concat(g, i < r.min() ? copy : new Glushkov(copy.first, copy.last, true));
            }
            return g;
        }

        private Glushkov concat(Glushkov a, Glushkov b) {
            connect(a.last, b.first);
            return new Glushkov(
                    a.first | (a.nullable ? b.first : 0), b.last | (b.nullable ? a.last : 0), a.nullable && b.nullable);
        }

        private void connect(long from, long to) {
            for (long f = from; f != 0; f &= f - 1) {
                follow[Long.numberOfTrailingZeros(f)] |= to;
            }
        }
    }
}
