package egress.policy.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.PatternSyntaxException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A policy regex nested deeper than Go allows is a syntax error, found before RE2/J's recursive parser would
 * overflow the stack of the thread compiling it (about 5,000 groups did); every reader of policy regexes goes
 * through {@link PolicyRegex}.
 */
class PolicyRegexTest {
    private static String nested(int depth) {
        return "(".repeat(depth) + "a" + ")".repeat(depth);
    }

    @Test
    @DisplayName("nesting counts groups, not escaped, quoted or class parentheses")
    void nesting() {
        assertThat(PolicyRegex.nesting("/get")).isZero();
        assertThat(PolicyRegex.nesting("(a)(b)")).isEqualTo(1);
        assertThat(PolicyRegex.nesting("((a)(?:b(c)))")).isEqualTo(3);
        assertThat(PolicyRegex.nesting("\\(\\(a")).isZero();
        assertThat(PolicyRegex.nesting("[(][^(]")).isZero();
        assertThat(PolicyRegex.nesting("[]()][(]")).isZero();
        assertThat(PolicyRegex.nesting("[[:alpha:](]")).isZero();
        assertThat(PolicyRegex.nesting("\\Q(((\\E(a)")).isEqualTo(1);
    }

    @Test
    @DisplayName("1,000 nested groups compile; 1,001 and 20,000 are a syntax error, not a stack overflow")
    void deepNesting() {
        assertThat(PolicyRegex.compile(nested(PolicyRegex.MAX_NESTING)).matches("a"))
                .isTrue();
        for (int depth : new int[] {PolicyRegex.MAX_NESTING + 1, 20_000}) {
            assertThatThrownBy(() -> PolicyRegex.compile(nested(depth)))
                    .isInstanceOf(PatternSyntaxException.class)
                    .hasMessageContaining("expression nests too deeply");
        }
    }

    @Test
    @DisplayName("the matcher and the route tester refuse a 20,000-deep regex as invalid")
    void readersRefuseIt() {
        String deep = nested(20_000);
        assertThat(TextMatcher.build(deep, true)).isSameAs(TextMatcher.INVALID);
        assertThat(TextMatcher.build(deep, false)).isSameAs(TextMatcher.INVALID);
        RouteTester.Result r = RouteTester.test(deep, "/a");
        assertThat(r.error()).contains("expression nests too deeply");
        assertThat(r.osm()).isNull();
    }
}
