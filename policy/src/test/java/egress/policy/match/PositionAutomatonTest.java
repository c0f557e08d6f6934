package egress.policy.match;

import static egress.policy.match.PositionAutomaton.NO;
import static egress.policy.match.PositionAutomaton.UNDECIDED;
import static egress.policy.match.PositionAutomaton.YES;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The position automaton runs RE2's meaning of the subset it accepts, in one pass over the text. */
class PositionAutomatonTest {
    @Test
    void theBenchmarkTemplatesRunOnTheAutomaton() {
        for (String re : List.of(
                "/api/v[0-9]+/.*",
                "/v1/users/[0-9]+",
                "/static/.*\\.(js|css|png)",
                "/orders(/[a-z0-9-]+)?",
                "/search/[a-z]+/.*",
                "/hooks/[A-Za-z0-9]{8,}",
                "/a/[0-9]+|/b/[a-z]+")) {
            assertThat(PositionAutomaton.compile(re)).as(re).isNotNull();
        }
    }

    @Test
    void regexesOutsideTheSubsetAreLeftToRe2() {
        for (String re : List.of(
                "(?i)/get",
                "/a(?i)b",
                "(?s).",
                "(?P<id>[0-9]+)",
                "a*?",
                "a+?",
                "a{2,3}?",
                "\\bword",
                "\\Bx",
                "\\Aa",
                "a\\z",
                "\\pL",
                "\\p{Greek}",
                "[[:alpha:]]",
                "\\x41",
                "\\101",
                "\\Q.*\\E",
                "a^b",
                "^a|b",
                "a|b$",
                "a$b",
                "^*a",
                "a{,2}",
                "a{x}",
                "{",
                "\ud83d\ude00",
                "[\ud83d\ude00]",
                "a{65}",
                "(ab){33}",
                "[a-z]{1,65}",
                "(a|b|c|d|e|f|g|h){9}",
                "(".repeat(65) + "a" + ")".repeat(65))) {
            Pattern.compile(re); // valid RE2 all the same
            assertThat(PositionAutomaton.compile(re)).as(re).isNull();
        }
        assertThat(PositionAutomaton.compile("a{64}").positions()).isEqualTo(64);
        assertThat(PositionAutomaton.compile("(a|b|c|d|e|f|g|h){8}").positions())
                .isEqualTo(64);
        assertThat(PositionAutomaton.compile("(".repeat(64) + "a" + ")".repeat(64)))
                .isNotNull();
    }

    /** Where RE2 differs from Perl or from a first guess, and what Envoy's and pipy's path regexes need. */
    @Test
    void decidesAsRe2WhereRe2IsParticular() {
        // a negated class and \D \W hold the newline; . does not (nor \S, as \s holds it)
        whole("[^a]", "\n", YES);
        whole("\\D", "\n", YES);
        whole("\\S", "\n", NO);
        whole("\\S", "\u000b", YES);
        whole("\\W", "\n", YES);
        whole(".", "\n", NO);
        whole("[^\\n]", "\n", NO);
        // \s is [\t\n\f\r ]: no vertical tab; \w and \d are ASCII only
        whole("\\s", "\u000b", NO);
        whole("\\s", "\f", YES);
        whole("\\w", "\u00e9", NO);
        whole("\\W", "\u00e9", YES);
        whole("\\d", "\u0663", NO);
        whole("\\v", "\u000b", YES);
        // $ is the end of the text only, not before a final newline
        find("a$", "a\n", NO);
        find("a$", "ba", YES);
        find("^a", "ba", NO);
        find("^$", "", YES);
        find("^$", "\n", NO);
        find("^a*$", "aab", NO);
        find("^a*$", "aaa", YES);
        find("a*$", "xyz", YES);
        find("(^a)", "ba", NO); // a group changes nothing: this is ^a
        find("(^a)", "ab", YES);
        find("(?:b$)", "ab", YES);
        // ] first in a class is literal, - at either end is literal, \d may stand in a class
        whole("[]a]+", "]a]", YES);
        whole("[a-]+", "-a", YES);
        whole("[^-a]", "-", NO);
        whole("[\\d-z]+", "1-z", YES);
        whole("[\\d-z]", "5", YES);
        whole("[\\d-z]", "y", NO);
        // repetitions written out
        whole("a{2,3}", "a", NO);
        whole("a{2,3}", "aaa", YES);
        whole("a{2,3}", "aaaa", NO);
        whole("(ab){2,}", "ababab", YES);
        whole("(ab){2,}", "ab", NO);
        whole("a{0}b", "b", YES);
        whole("(a?){3}", "", YES);
        whole("(a*)*b", "aab", YES);
        whole("", "", YES);
        find("", "x", YES);
        whole("/a/[0-9]+|/b/[a-z]+", "/b/xy", YES);
        find("/a/[0-9]+|/b/[a-z]+", "x/a/y/a/1", YES);
        // the 64th position is the sign bit
        whole("a{64}", "a".repeat(64), YES);
        whole("a{64}", "a".repeat(63), NO);
        whole("a{64}", "a".repeat(65), NO);
        find("b[a-c]{63}$", "x" + "b".repeat(64), YES);
        find("b[a-c]{63}$", "b".repeat(63), NO);
        // the templates
        whole("/api/v[0-9]+/.*", "/api/v2/items/42", YES);
        whole("/api/v[0-9]+/.*", "/api/v2/items\n", NO);
        whole("/api/v[0-9]+/.*", "/api/vx/items", NO);
        whole("/hooks/[A-Za-z0-9]{8,}", "/hooks/T0A1B2C3", YES);
        whole("/hooks/[A-Za-z0-9]{8,}", "/hooks/T0A1B2C", NO);
        whole("/orders(/[a-z0-9-]+)?", "/orders", YES);
        whole("/orders(/[a-z0-9-]+)?", "/orders/", NO);
        find("/v1/users/[0-9]+", "/x/v1/users/7?y", YES);
        // a text with a surrogate is RE2/J's to decide
        whole(".", "\ud83d\ude00", UNDECIDED);
        whole("a.", "a\ud83d\ude00", UNDECIDED);
        whole("a.", "b\ud83d\ude00", NO); // decided before the surrogate
        find("a", "a\ud800", YES);
    }

    private static void whole(String regex, String text, int expected) {
        PositionAutomaton a = PositionAutomaton.compile(regex);
        assertThat(a).as(regex).isNotNull();
        assertThat(a.matchesWhole(text))
                .as("full match of %s on %s", regex, text)
                .isEqualTo(expected);
        if (expected != UNDECIDED) {
            assertThat(Pattern.compile(regex).matches(text)).isEqualTo(expected == YES);
        }
    }

    private static void find(String regex, String text, int expected) {
        PositionAutomaton a = PositionAutomaton.compile(regex);
        assertThat(a).as(regex).isNotNull();
        assertThat(a.find(text)).as("find of %s in %s", regex, text).isEqualTo(expected);
        assertThat(Pattern.compile(regex).matcher(text).find()).isEqualTo(expected == YES);
    }

    /**
     * {@code (a|a)*} twenty times then {@code b} makes a backtracking matcher try exponentially many splits of a
     * run of a's. The automaton reads every character of the text exactly once, however long the run, and each
     * read costs at most one table lookup per position (41 here, never above 64).
     */
    @Test
    void aPathologicalRegexCostsOneReadPerCharacter() {
        String re = "(a|a)*".repeat(20) + "b";
        PositionAutomaton a = PositionAutomaton.compile(re);
        assertThat(a).isNotNull();
        assertThat(a.positions()).isEqualTo(41);
        Pattern p = Pattern.compile(re);
        for (int n : new int[] {1_000, 10_000, 100_000}) {
            String run = "a".repeat(n);
            CountingText miss = new CountingText(run);
            assertThat(a.matchesWhole(miss)).isEqualTo(NO);
            assertThat(miss.reads).isEqualTo(n);
            miss.reads = 0;
            assertThat(a.find(miss)).isEqualTo(NO);
            assertThat(miss.reads).isEqualTo(n);
            CountingText hit = new CountingText(run + "b");
            assertThat(a.matchesWhole(hit)).isEqualTo(YES);
            assertThat(hit.reads).isEqualTo(n + 1);
            assertThat(p.matches(run + "b")).isTrue();
            assertThat(p.matcher(run).find()).isFalse();
        }
        CountingText nested = new CountingText("a".repeat(50_000) + "c");
        assertThat(PositionAutomaton.compile("(a*)*(a|aa)*b").find(nested)).isEqualTo(NO);
        assertThat(nested.reads).isEqualTo(50_001);
    }

    /** A text that counts how often the automaton reads one of its characters. */
    private static final class CountingText implements CharSequence {
        private final String text;
        int reads;

        CountingText(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            reads++;
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
