package egress.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import egress.fixtures.property.Gen;
import egress.fixtures.property.Properties;
import java.util.List;
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
