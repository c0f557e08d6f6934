package egress.policy.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespacesTest {

    @Test
    void onlyANamespacedObjectWithoutANamespaceGetsTheDefault() throws ManifestException {
        List<Manifest> ms = ManifestReader.read("x.yaml", """
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: curl}
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: curl, namespace: curl}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: curl}
                """);
        List<Manifest> out = Namespaces.defaulted(ms, Namespaces.DEFAULT);
        assertThat(out).extracting(Manifest::namespace).containsExactly("default", "curl", null);
        assertThat(out.get(1)).isSameAs(ms.get(1));
    }
}
