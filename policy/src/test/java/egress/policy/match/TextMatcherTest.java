package egress.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The string shortcuts decide exactly as RE2 itself would, for whole-text and find matching. */
class TextMatcherTest {
    private static final List<String> REGEXES = List.of(".*", "", "/get", "/status.*", "^/api", "/a-b_c~d/",
            "/api/v[0-9]+/.*", "(?i)/GET", "/get$", "a.b", "/x?y", "^/status.*");
    private static final List<String> TEXTS = List.of("", "/", "/get", "/get?a=1", "/getx", "/x/get", "/status",
            "/status/200", "/api", "/api/v2/x", "/apiary", "/a-b_c~d/", "/GET", "a\nb", "/status/\n", "axb", "a.b",
            "/xy", "/x?y");

    @Test
    void everyShortcutAgreesWithRe2() {
        for (String regex : REGEXES) {
            Pattern p = Pattern.compile(regex);
            TextMatcher whole = TextMatcher.build(regex, true);
            TextMatcher find = TextMatcher.build(regex, false);
            for (String text : TEXTS) {
                assertThat(whole.test(text)).as("full match of %s on %s", regex, text).isEqualTo(p.matches(text));
                assertThat(find.test(text)).as("find of %s in %s", regex, text).isEqualTo(p.matcher(text).find());
            }
        }
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
