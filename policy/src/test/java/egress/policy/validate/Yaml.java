package egress.policy.validate;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import java.util.List;

/** Manifests written inline in tests. */
final class Yaml {
    private Yaml() {}

    static List<Manifest> all(String text) {
        try {
            return ManifestReader.read("test.yaml", text);
        } catch (ManifestException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Manifest one(String text) {
        return all(text).get(0);
    }

    /** An Egress in namespace {@code curl} for ServiceAccount curl/curl, with the given spec lines after sources. */
    static Manifest egress(String name, String specTail) {
        return one("""
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: %s, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                %s""".formatted(name, specTail.stripIndent().indent(2)));
    }
}
