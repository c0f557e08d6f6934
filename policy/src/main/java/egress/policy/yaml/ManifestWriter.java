package egress.policy.yaml;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Writes manifests back as multi-document YAML that kubectl accepts, every field kept in its order. */
public final class ManifestWriter {
    private ManifestWriter() {
    }

    public static String write(List<Manifest> manifests) {
        StringBuilder out = new StringBuilder();
        for (Manifest m : manifests) {
            if (out.length() > 0) {
                out.append("---\n");
            }
            out.append(write(m.content()));
        }
        return out.toString();
    }

    public static String write(Map<String, Object> object) {
        return yaml().dump(Tree.thaw(object));
    }

    private static Yaml yaml() {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setIndicatorIndent(0);
        o.setPrettyFlow(true);
        o.setSplitLines(false);
        o.setWidth(4096);
        return new Yaml(o);
    }
}
