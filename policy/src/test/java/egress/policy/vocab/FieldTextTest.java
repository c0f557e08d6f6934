package egress.policy.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import egress.policy.validate.Report;
import egress.policy.validate.Validator;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.policy.yaml.ManifestWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldTextTest {

    @Test
    void headersAreWrittenAsTheListOfOneKeyMapsTheSchemaWants() throws ManifestException {
        Object headers = FieldText.HEADERS.value("x-team: payments\n  user-agent : curl/.*  \nnot a header\n");
        assertThat(headers).isEqualTo(List.of(Map.of("x-team", "payments"), Map.of("user-agent", "curl/.*")));

        Map<String, Object> group = Templates.routeGroup("routes", "curl");
        @SuppressWarnings("unchecked")
        Map<String, Object> match =
                ((List<Map<String, Object>>) ((Map<String, Object>) group.get("spec")).get("matches")).get(0);
        match.put("headers", headers);
        String yaml = ManifestWriter.write(group);
        assertThat(yaml).contains("headers:\n    - x-team: payments\n    - user-agent: curl/.*\n");
        Report r = Validator.validate(ManifestReader.read("routes.yaml", yaml), Engine.OSM);
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void headersShowOneNameAndValueALineFromEitherShape() {
        assertThat(FieldText.HEADERS.text(List.of(Map.of("x-team", "payments"), Map.of("a", "b"))))
                .isEqualTo("x-team: payments\na: b");
        assertThat(FieldText.HEADERS.text(Map.of("x-team", "payments"))).isEqualTo("x-team: payments");
        assertThat(FieldText.HEADERS.text(null)).isEmpty();
        assertThat(FieldText.HEADERS.value("  \n")).isNull();
    }

    @Test
    void aListFieldSplitsOnLinesAndCommasAlike() {
        assertThat(FieldText.LIST.value("httpbin.org, example.org\n\n  api.github.com ,"))
                .isEqualTo(List.of("httpbin.org", "example.org", "api.github.com"));
        assertThat(FieldText.LIST.text(List.of("a", "b"))).isEqualTo("a\nb");
        assertThat(FieldText.LIST.value(" , \n")).isNull();
    }

    @Test
    void methodsAreUpperCasedAndShownCommaSeparated() {
        assertThat(FieldText.METHODS.value("get, post\nPut")).isEqualTo(List.of("GET", "POST", "PUT"));
        assertThat(FieldText.METHODS.text(List.of("GET", "POST"))).isEqualTo("GET, POST");
    }

    @Test
    void rulesAreNamedInTheWebApiByTheirLowerCaseName() {
        assertThat(FieldText.parse("headers")).isEqualTo(FieldText.HEADERS);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FieldText.parse("cidrs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("list, methods or headers");
    }
}
