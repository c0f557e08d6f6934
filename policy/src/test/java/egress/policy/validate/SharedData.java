package egress.policy.validate;

import egress.fixtures.Project;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The osm-edge reference data, read in place from {@code shared.dir} (never copied into the repository). */
final class SharedData {
    private SharedData() {}

    static Path file(String relative) {
        return Project.sharedFile(relative);
    }

    static List<Manifest> read(String relative) {
        try {
            return ManifestReader.read(file(relative));
        } catch (ManifestException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code openAPIV3Schema} of one version of an upstream CRD. */
    static Schema crdSchema(String crdFile, String version) {
        Manifest crd = read("upstream/osm-edge-v1.3.9/crds/" + crdFile).get(0);
        for (Object v : (List<?>) crd.get("spec.versions")) {
            Map<?, ?> m = (Map<?, ?>) v;
            if (version.equals(m.get("name"))) {
                return Schema.fromOpenApi((Map<?, ?>) ((Map<?, ?>) m.get("schema")).get("openAPIV3Schema"));
            }
        }
        throw new IllegalStateException(crdFile + " has no version " + version);
    }
}
