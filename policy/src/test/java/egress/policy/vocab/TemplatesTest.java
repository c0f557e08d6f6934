package egress.policy.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import egress.policy.validate.Diagnostic;
import egress.policy.validate.Validator;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.policy.yaml.ManifestWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplatesTest {

    @Test
    void newObjectsAreAdmitted() throws ManifestException {
        for (var content :
                java.util.List.of(Templates.egress("new-egress", "curl"), Templates.routeGroup("new-routes", "curl"))) {
            var manifests = ManifestReader.read("new.yaml", ManifestWriter.write(content));
            assertThat(Validator.validate(manifests, Engine.OSM).errors())
                    .extracting(Diagnostic::format)
                    .isEmpty();
        }
    }

    @Test
    void aFreshNameCountsUpFromTwo() {
        assertThat(Templates.freshName("new-egress", Set.of()::contains)).isEqualTo("new-egress");
        assertThat(Templates.freshName("new-egress", Set.of("new-egress", "new-egress-2")::contains))
                .isEqualTo("new-egress-3");
    }

    @Test
    void eachCallGivesAFreshTree() {
        var a = Templates.egress("a", "curl");
        var b = Templates.egress("a", "curl");
        assertThat(a).isEqualTo(b).isNotSameAs(b);
    }
}
