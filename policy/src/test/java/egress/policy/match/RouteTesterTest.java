package egress.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTesterTest {

    @Test
    void osmMatchesTheWholePathAndPipyFindsTheRegexInPathAndQuery() {
        assertThat(RouteTester.test("/get", "/get")).isEqualTo(new RouteTester.Result(true, true, null));
        assertThat(RouteTester.test("/get", "/anything/get?x=1")).isEqualTo(new RouteTester.Result(false, true, null));
        assertThat(RouteTester.test("/status.*", "/status/200")).isEqualTo(new RouteTester.Result(true, true, null));
        assertThat(RouteTester.test("/get", "/get?x=1")).isEqualTo(new RouteTester.Result(true, true, null));
        assertThat(RouteTester.test("x=1", "/get?x=1")).isEqualTo(new RouteTester.Result(false, true, null));
        assertThat(RouteTester.test("", "/anything")).isEqualTo(new RouteTester.Result(true, true, null));
    }

    @Test
    void aRegexRe2RejectsMatchesNothingAndSaysWhy() {
        RouteTester.Result lookahead = RouteTester.test("/(?=get)get", "/get");
        assertThat(lookahead.osm()).isNull();
        assertThat(lookahead.pipy()).isNull();
        assertThat(lookahead.error()).contains("(?=");
        assertThat(RouteTester.test("(", "/").error()).isNotNull();
    }
}
