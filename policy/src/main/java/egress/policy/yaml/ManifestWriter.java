package egress.policy.yaml;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes manifests back as multi-document YAML that kubectl accepts, every field kept in the order it is given
 * ({@code egress.policy.vocab.FieldOrder} puts an object's fields in the schema's order first). One layout for
 * every front end: block style, two spaces a level, a list's {@code -} at its key's indentation.
 */
public final class ManifestWriter {
    /** What separates two objects of one file. */
    public static final String SEPARATOR = "---\n";

    private ManifestWriter() {}

    /**
     * One object's YAML text and where each field sits in exactly that text.
     *
     * @param text      the YAML, ending with a newline
     * @param positions field positions by path ({@code spec.ports[1].protocol}), as {@link ManifestReader} reads
     *                  them back from {@code text}: where the field's value starts
     */
    public record Written(String text, SourceMap positions) {}

    public static String write(List<Manifest> manifests) {
        return join(manifests.stream().map(m -> write(m.content())).toList());
    }

    public static String write(Map<String, Object> object) {
        return yaml().dump(Tree.thaw(object));
    }

    /** The object's text with its field positions; reading {@code text} back gives the same object. */
    public static Written written(Map<String, Object> object) {
        String text = write(object);
        try {
            List<Manifest> read = ManifestReader.read("<written>", text);
            return new Written(text, read.get(0).sourceMap());
        } catch (ManifestException e) {
            throw new IllegalStateException("the writer wrote YAML its reader rejects: " + e.getMessage(), e);
        }
    }

    /** One file of several objects' texts, in order. */
    public static String join(List<String> texts) {
        StringBuilder out = new StringBuilder();
        for (String t : texts) {
            if (out.length() > 0) {
                out.append(SEPARATOR);
            }
            out.append(t);
            if (!t.isEmpty() && !t.endsWith("\n")) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /**
     * The comment lines a file's text starts with, each with its newline: a file's heading, which the designers keep
     * when they write the file again (the writer itself writes no comments).
     */
    public static String heading(String fileText) {
        StringBuilder h = new StringBuilder();
        for (String line : fileText.split("\n", -1)) {
            if (!line.startsWith("#")) {
                break;
            }
            h.append(line).append('\n');
        }
        return h.toString();
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
