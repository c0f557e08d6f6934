package egress.policy.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrsTest {
    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, true", "0.0.0.0/0, true", "255.255.255.255/32, true", "1.2.3.4/33, false",
        "999.1.1.1/24, false", "abc1.2.3.4/8, false", "1.2.3/8, false", "01.2.3.4/8, false", "1.2.3.4, false"
    })
    void acceptsWhatGoParseCidrAccepts(String text, boolean valid) {
        assertThat(Cidrs.isValid(text)).isEqualTo(valid);
    }
}
