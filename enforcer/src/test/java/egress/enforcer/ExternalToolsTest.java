package egress.enforcer;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The guard skips a test whose tool is missing only outside CI; under CI=true it fails it, naming the tool. */
class ExternalToolsTest {
    @Test
    void aMissingToolFailsUnderCiAndSkipsElsewhere() {
        Class<? extends Throwable> expected = ExternalTools.underCi() ? AssertionFailedError.class : TestAbortedException.class;
        assertThatThrownBy(() -> ExternalTools.requireCommand("egress-no-such-tool", "run-tests installs it"))
                .isInstanceOf(expected).hasMessageContaining("egress-no-such-tool is not installed: run-tests installs it");
    }

    @Test
    void aPresentToolPasses() {
        assertThatCode(() -> ExternalTools.requireCommand("java", "a JDK")).doesNotThrowAnyException();
    }
}
