package egress.policy.validate;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.yaml.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every {@code admit} case of the shared conformance file {@code validation.yaml} through {@link Admission}. */
class ConformanceValidationTest {

    static Stream<Arguments> cases() {
        Manifest file = SharedData.read("conformance/validation.yaml").get(0);
        List<Arguments> out = new ArrayList<>();
        for (Object o : (List<?>) file.get("cases")) {
            Map<?, ?> c = (Map<?, ?>) o;
            if (c.get("admit") instanceof Map<?, ?> admit) {
                @SuppressWarnings("unchecked")
                Manifest m = Manifest.of((Map<String, Object>) admit);
                out.add(Arguments.of(c.get("name"), m, c.get("expect")));
            }
        }
        return out.stream();
    }

    @Test
    void theConformanceFileHasAdmissionCases() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(7);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void admissionAgreesWithOsmEdge(String name, Manifest manifest, Map<?, ?> expect) {
        List<Diagnostic> errors = Admission.check(manifest);
        if ("accept".equals(expect.get("admission"))) {
            assertThat(errors).as(name).isEmpty();
        } else {
            assertThat(expect.get("admission")).isEqualTo("reject");
            assertThat(errors).as(name).isNotEmpty();
            String wanted = String.valueOf(expect.get("message")).toLowerCase(Locale.ROOT);
            assertThat(errors)
                    .as(name)
                    .anySatisfy(
                            d -> assertThat(d.text().toLowerCase(Locale.ROOT)).contains(wanted));
        }
    }
}
