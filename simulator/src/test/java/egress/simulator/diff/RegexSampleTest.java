package egress.simulator.diff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegexSampleTest {
    @Test
    void samplesTheShortestAndALongerMatch() {
        assertThat(RegexSample.of("/status/.*")).containsExactly("/status/", "/status/x");
        assertThat(RegexSample.of("^/api/v[0-9]+/(users|orders)$")).containsExactly("/api/v0/users", "/api/v00/users");
        assertThat(RegexSample.of("/get")).containsExactly("/get");
        assertThat(RegexSample.of("/a\\.b(\\?.*)?")).containsExactly("/a.b", "/a.b?x");
        assertThat(RegexSample.of("/x/[^/]+/y")).containsExactly("/x/x/y", "/x/xx/y");
        assertThat(RegexSample.of("/(?i)x"))
                .as("flags are beyond it: no sample, not a wrong one")
                .isEmpty();
    }

    @Test
    void aRegexNestedTooDeeplyHasNoSampleRatherThanAStackOverflow() {
        assertThat(RegexSample.of("(".repeat(20_000) + "a" + ")".repeat(20_000)))
                .isEmpty();
        assertThat(RegexSample.of("(".repeat(1_000) + "a" + ")".repeat(1_000))).containsExactly("a");
    }
}
