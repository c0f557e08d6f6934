package egress.simulator.curl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ShellWordsTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("curl  -s\thttp://a", List.of("curl", "-s", "http://a")),
                Arguments.of("-H 'X-A: b c'", List.of("-H", "X-A: b c")),
                Arguments.of("'it''s'", List.of("its")),
                Arguments.of("'a \\n \"b\"'", List.of("a \\n \"b\"")),
                Arguments.of("\"x \\\"y\\\" \\$z \\\\ \\q\"", List.of("x \"y\" $z \\ \\q")),
                Arguments.of("a\\ b c\\'d", List.of("a b", "c'd")),
                Arguments.of("curl -s \\\n  http://a", List.of("curl", "-s", "http://a")),
                Arguments.of("\"a\\\nb\"", List.of("ab")),
                Arguments.of("pre'mid'\"post\"", List.of("premidpost")),
                Arguments.of("''", List.of("")),
                Arguments.of("curl http://a # a comment", List.of("curl", "http://a")),
                Arguments.of("http://a/#frag", List.of("http://a/#frag")),
                Arguments.of(
                        "x $(kubectl get pod -o jsonpath='{.a b}') -n",
                        List.of("x", "$(kubectl get pod -o jsonpath='{.a b}')", "-n")),
                Arguments.of("", List.of()));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void splitsLikeAPosixShell(String line, List<String> words) {
        assertThat(ShellWords.split(line)).containsExactlyElementsOf(words);
    }

    @ParameterizedTest
    @MethodSource("errors")
    void rejectsWhatAShellWouldNotRun(String line, String message) {
        assertThatThrownBy(() -> ShellWords.split(line))
                .isInstanceOf(CurlParseException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("curl 'http://a", "unterminated single quote"),
                Arguments.of("curl \"http://a", "unterminated double quote"),
                Arguments.of("curl $(kubectl get", "unterminated command substitution $("),
                Arguments.of("curl http://a | jq", "shell operator '|' is not supported in a curl line"),
                Arguments.of("curl http://a?x=1&y=2", "shell operator '&' is not supported in a curl line"));
    }
}
