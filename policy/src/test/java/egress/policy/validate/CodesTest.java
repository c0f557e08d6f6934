package egress.policy.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodesTest {

    private static List<String> declaredCodes() throws IllegalAccessException {
        List<String> codes = new ArrayList<>();
        for (Field f : Codes.class.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers()) && f.getType() == String.class) {
                codes.add((String) f.get(null));
            }
        }
        return codes;
    }

    @Test
    void everyCodeIsUniqueAndExplainedOnOneLine() throws IllegalAccessException {
        List<String> codes = declaredCodes();
        assertThat(codes).doesNotHaveDuplicates().allMatch(c -> c.matches("EGR[123]\\d\\d"));
        assertThat(Codes.all().keySet()).containsExactlyElementsOf(codes);
        assertThat(Codes.all().values()).allMatch(text -> !text.isBlank() && !text.contains("\n"));
    }

    @Test
    void unknownCodesHaveNoExplanation() {
        assertThat(Codes.explain("EGR999")).isNull();
        assertThat(Codes.explain(Codes.MATCH_TWO_UPSTREAM_SETTINGS))
                .isEqualTo("webhook: an Egress may name at most one UpstreamTrafficSetting.");
    }
}
