package egress.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import egress.fixtures.property.Gen;
import egress.fixtures.property.Properties;
import egress.fixtures.property.Tally;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The string shortcuts decide exactly as RE2 itself would, for whole-text and find matching. */
class TextMatcherTest {
    private static final List<String> REGEXES = List.of(
            ".*",
            "",
            "/get",
            "/status.*",
            "^/api",
            "/a-b_c~d/",
            "/api/v[0-9]+/.*",
            "(?i)/GET",
            "/get$",
            "a.b",
            "/x?y",
            "^/status.*",
            "/static/.*\\.(js|css|png)",
            "js|css",
            "(js|css)",
            "(?:a|)",
            "/orders(/[a-z0-9-]+)?",
            "/ab*c",
            "/a{2}",
            "/x|/y",
            "[|]a",
            "/v1/users/[0-9]+",
            "a|ab",
            "(a)|(b)",
            "/get(?i)x",
            "[]|]/get",
            "/g\\|et",
            "(?i)a|b",
            "/a(?i)*b",
            "/a\\Q\\E+",
            "/a{");
    private static final List<String> TEXTS = List.of(
            "",
            "/",
            "/get",
            "/get?a=1",
            "/getx",
            "/x/get",
            "/status",
            "/status/200",
            "/api",
            "/api/v2/x",
            "/apiary",
            "/a-b_c~d/",
            "/GET",
            "a\nb",
            "/status/\n",
            "axb",
            "a.b",
            "/xy",
            "/x?y",
            "/static/a.js",
            "/static/a.css\n",
            "js",
            "css",
            "xjs",
            "a",
            "ab",
            "/ac",
            "/abbc",
            "/aa",
            "/x",
            "/y",
            "|a",
            "/v1/users/12",
            "/orders",
            "/orders/abc-1",
            "/getx",
            "/getX",
            "]/get",
            "/g|et",
            "A",
            "/b",
            "/aab",
            "/aa",
            "/a{");

    @Test
    void everyShortcutAgreesWithRe2() {
        for (String regex : REGEXES) {
            Pattern p = Pattern.compile(regex);
            TextMatcher whole = TextMatcher.build(regex, true);
            TextMatcher find = TextMatcher.build(regex, false);
            for (String text : TEXTS) {
                assertThat(whole.test(text))
                        .as("full match of %s on %s", regex, text)
                        .isEqualTo(p.matches(text));
                assertThat(find.test(text))
                        .as("find of %s in %s", regex, text)
                        .isEqualTo(p.matcher(text).find());
            }
        }
    }

    /** Regexes put together at random from pieces RE2 gives a meaning to, on texts of the same few characters. */
    @Test
    void generatedRegexesDecideAsRe2() {
        Gen<String> piece = Gen.of(
                "a", "b", "/", "|", "(", ")", "(?:", "*", "+", "?", "[ab]", "[^a]", ".", "\\.", "{2}", "^", "$", ".*",
                "\\|", "[|]");
        Gen<String> regex = piece.list(0, 8).map(ps -> String.join("", ps));
        Gen<String> text = Gen.of("a", "b", "/", ".", "|", "\n").list(0, 6).map(cs -> String.join("", cs));
        Properties.forAll("text matchers decide as RE2", 3000, Gen.combine(regex, text.list(1, 12), List::of), pair -> {
            String re = (String) pair.get(0);
            Pattern p;
            try {
                p = Pattern.compile(re);
            } catch (PatternSyntaxException e) {
                return;
            }
            TextMatcher whole = TextMatcher.build(re, true);
            TextMatcher find = TextMatcher.build(re, false);
            @SuppressWarnings("unchecked")
            List<String> texts = (List<String>) pair.get(1);
            for (String t : texts) {
                assertThat(whole.test(t))
                        .as("full match of [%s] on [%s]", re, t.replace("\n", "\\n"))
                        .isEqualTo(p.matches(t));
                assertThat(find.test(t))
                        .as("find of [%s] in [%s]", re, t.replace("\n", "\\n"))
                        .isEqualTo(p.matcher(t).find());
            }
        });
    }

    /**
     * Regexes in the automaton's subset and just outside it (flags, lazy repetitions, word boundaries, POSIX and
     * Unicode classes, braces that are no repetition), on texts with newlines, other control characters,
     * non-ASCII letters and surrogates. The automaton itself and both matchers built on it decide as RE2/J.
     */
    @Test
    void generatedSubsetRegexesDecideAsRe2() {
        Gen<String> piece = Gen.of(
                "a",
                "b",
                "/",
                "-",
                "\u00e9",
                "|",
                "|",
                "(",
                "(",
                ")",
                ")",
                "(?:",
                "*",
                "+",
                "?",
                "{2}",
                "{1,}",
                "{0,2}",
                "{2,3}",
                "{0}",
                "[ab]",
                "[^a]",
                "[a-c]",
                "[^\\n]",
                "[]a]",
                "[a-]",
                "[^-b]",
                "[\\d_]",
                "[^\\W]",
                "[\u00e9-\u00fc]",
                "[^\u00e9]",
                "[\\s.]",
                ".",
                ".",
                "\\.",
                "\\d",
                "\\D",
                "\\w",
                "\\W",
                "\\s",
                "\\S",
                "\\n",
                "\\t",
                "\\v",
                "\\-",
                "\\/",
                "\\_",
                "^",
                "^",
                "$",
                "$",
                "*?",
                "(?i)",
                "\\b",
                "\\pL",
                "[[:alpha:]]",
                "\\x41",
                "{",
                "{,2}",
                "(?P<n>",
                "\\z",
                "\\A");
        Map<String, Integer> counts = decideAsRe2("pieces of the subset and near it", piece.list(0, 9));
        assertThat(counts.get("automaton"))
                .as("the automaton runs a good share of the valid regexes: %s", counts)
                .isGreaterThan(counts.get("left to RE2/J") / 2);
    }

    /**
     * Well-formed regexes of the subset: groups and alternations nested up to three deep, each item repeated or
     * not, anchored or not; a few lazy repetitions go to RE2/J.
     */
    @Test
    void generatedNestedRegexesDecideAsRe2() {
        Gen<String> begin = Gen.of("", "^");
        Gen<String> end = Gen.of("", "$");
        Gen<String> regex = Gen.frequencyOf(
                Gen.weighted(2, alternation(2)),
                Gen.weighted(3, Gen.combine(begin, branch(2), end, (b, body, e) -> b + body + e)),
                Gen.weighted(1, Gen.combine(begin, alternation(2), end, (b, body, e) -> b + body + e)));
        Map<String, Integer> counts = decideAsRe2("nested regexes", regex.map(List::of));
        assertThat(counts.get("automaton"))
                .as("the automaton runs most of them: %s", counts)
                .isGreaterThan(2 * counts.getOrDefault("left to RE2/J", 0));
    }

    private static final Gen<String> QUANTIFIER = Gen.frequency(
            Gen.weighted(16, ""),
            Gen.weighted(3, "*"),
            Gen.weighted(3, "+"),
            Gen.weighted(3, "?"),
            Gen.weighted(1, "{2}"),
            Gen.weighted(1, "{0,2}"),
            Gen.weighted(1, "{1,}"),
            Gen.weighted(1, "{2,3}"),
            Gen.weighted(1, "{0}"),
            Gen.weighted(1, "*?"));
    private static final Gen<String> ATOM = Gen.of(
            "a", "a", "b", "/", "\u00e9", ".", "[ab]", "[^a]", "[a-c]", "[^\\n]", "\\d", "\\W", "\\s", "\\.", "[\\w-]");

    /** Items, each an atom or (below the top) a group, repeated or not. */
    private static Gen<String> branch(int depth) {
        Gen<String> item = Gen.combine(
                depth == 0 ? ATOM : Gen.frequencyOf(Gen.weighted(3, ATOM), Gen.weighted(1, group(depth - 1))),
                QUANTIFIER,
                String::concat);
        return item.list(0, 4).map(items -> String.join("", items));
    }

    private static Gen<String> alternation(int depth) {
        return branch(depth).list(1, 3).map(branches -> String.join("|", branches));
    }

    private static Gen<String> group(int depth) {
        return Gen.combine(Gen.of("(", "(?:"), alternation(depth), (open, body) -> open + body + ")");
    }

    /** Texts of characters the regexes give a meaning to: newline, other controls, non-ASCII, surrogates. */
    private static final Gen<String> TEXT = Gen.oneOf(Stream.concat(
                            "aabc/-.\u00e9\u00fc\n\t\u000b 1_A]\r{".chars().mapToObj(c -> String.valueOf((char) c)),
                            Stream.of("\ud83d\ude00", "\ud800"))
                    .toList())
            .list(0, 8)
            .map(cs -> String.join("", cs));

    /** Checks regexes (each the concatenation of a list) on many texts; counts which path ran them. */
    private static Map<String, Integer> decideAsRe2(String name, Gen<List<String>> regexPieces) {
        Tally regexes = new Tally(name);
        Properties.forAll(name + " decide as RE2", 4000, Gen.combine(regexPieces, TEXT.list(1, 16), List::of), pair -> {
            @SuppressWarnings("unchecked")
            String re = String.join("", (List<String>) pair.get(0));
            Pattern p;
            try {
                p = Pattern.compile(re);
            } catch (PatternSyntaxException e) {
                regexes.count("not RE2");
                return;
            }
            PositionAutomaton a = PositionAutomaton.compile(re);
            regexes.count(a != null ? "automaton" : "left to RE2/J");
            TextMatcher whole = TextMatcher.build(re, true);
            TextMatcher find = TextMatcher.build(re, false);
            @SuppressWarnings("unchecked")
            List<String> texts = (List<String>) pair.get(1);
            for (String t : texts) {
                agreesWithRe2(re, p, a, whole, find, t);
            }
        });
        regexes.print();
        return regexes.counts();
    }

    private static void agreesWithRe2(
            String re, Pattern p, PositionAutomaton a, TextMatcher whole, TextMatcher find, String t) {
        boolean wholeRe2 = p.matches(t);
        boolean findRe2 = p.matcher(t).find();
        String shown = t.replace("\n", "\\n");
        assertThat(whole.test(t)).as("full match of [%s] on [%s]", re, shown).isEqualTo(wholeRe2);
        assertThat(find.test(t)).as("find of [%s] in [%s]", re, shown).isEqualTo(findRe2);
        if (a == null) {
            return;
        }
        boolean surrogate = t.chars().anyMatch(c -> Character.isSurrogate((char) c));
        int w = a.matchesWhole(t);
        int f = a.find(t);
        if (w == PositionAutomaton.UNDECIDED || f == PositionAutomaton.UNDECIDED) {
            assertThat(surrogate)
                    .as("only a surrogate leaves [%s] on [%s] undecided", re, shown)
                    .isTrue();
        }
        if (w != PositionAutomaton.UNDECIDED) {
            assertThat(w == PositionAutomaton.YES)
                    .as("automaton's full match of [%s] on [%s]", re, shown)
                    .isEqualTo(wholeRe2);
        }
        if (f != PositionAutomaton.UNDECIDED) {
            assertThat(f == PositionAutomaton.YES)
                    .as("automaton's find of [%s] in [%s]", re, shown)
                    .isEqualTo(findRe2);
        }
    }

    @Test
    void literalPrefixesAndAlternativesAreReadConservatively() {
        assertThat(TextMatcher.literalPrefix("/api/v[0-9]+/.*")).isEqualTo("/api/");
        assertThat(TextMatcher.literalPrefix("/ab*c")).isEqualTo("/a");
        assertThat(TextMatcher.literalPrefix("/a(?i)*b")).isEqualTo("/");
        assertThat(TextMatcher.literalPrefix("/x|/y")).isEmpty();
        assertThat(TextMatcher.literalPrefix("/static/.*\\.(js|css|png)")).isEqualTo("/static");
        assertThat(TextMatcher.literalAlternatives("(js|css)")).containsExactly("js", "css");
        assertThat(TextMatcher.literalAlternatives("(a)|(b)")).isNull();
    }

    @Test
    void anInvalidRegexNeverMatches() {
        assertThat(TextMatcher.build("/get(", true).test("/get(")).isFalse();
        assertThat(TextMatcher.build("[", false).test("[")).isFalse();
    }

    @Test
    void oneCompilationSharesEachDistinctRegex() {
        TextMatcher.Cache cache = new TextMatcher.Cache();
        assertThat(cache.fullMatch("/api/v[0-9]+/.*")).isSameAs(cache.fullMatch("/api/v[0-9]+/.*"));
        assertThat(cache.find("/get")).isNotSameAs(cache.fullMatch("/get"));
    }
}
