package egress.designer.workspace;

import egress.policy.vocab.FieldOrder;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.policy.yaml.Position;
import egress.policy.yaml.Tree;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One object of a source file, as the designer edits it: its full content (modelled or not, in order), the YAML
 * text shown for it, and the manifest parsed from that text, so that diagnostics point at lines of that text.
 */
public final class Doc {
    private final SourceFile file;
    private Map<String, Object> content;
    private String yaml;
    private Manifest manifest;

    Doc(SourceFile file, Manifest fromFile) {
        this.file = file;
        this.content = fromFile.content();
        this.manifest = fromFile;
    }

    /** A new object, not yet written anywhere. */
    public static Doc create(SourceFile file, Map<String, Object> content) {
        Doc d = new Doc(file, Manifest.of(content));
        d.setContent(content);
        return d;
    }

    public SourceFile file() {
        return file;
    }

    public Map<String, Object> content() {
        return content;
    }

    public String kind() {
        return Tree.string(content, "kind");
    }

    public String name() {
        return Tree.string(content, "metadata.name");
    }

    public String namespace() {
        return Tree.string(content, "metadata.namespace");
    }

    public boolean isEgress() {
        return "Egress".equals(kind());
    }

    public boolean isRouteGroup() {
        return "HTTPRouteGroup".equals(kind());
    }

    /** Whether the policy list shows it; everything else is kept untouched. */
    public boolean isPolicy() {
        return isEgress() || isRouteGroup();
    }

    /** {@code Egress curl/httpbin-80}, as diagnostics name objects. */
    public String describe() {
        String ns = namespace();
        return kind() + " " + (ns == null || ns.isEmpty() ? "" : ns + "/") + name();
    }

    /** The YAML shown and saved for this object: as typed, or as every designer writes the content. */
    public String yaml() {
        if (yaml == null) {
            yaml = FieldOrder.write(content).text();
            manifest = parse(yaml);
        }
        return yaml;
    }

    /** The manifest as validation and simulation see it; its positions are lines of {@link #yaml()} once shown. */
    public Manifest manifest() {
        return manifest;
    }

    /** Replaces the content (a form edit); the YAML text is written again from it. */
    public void setContent(Map<String, Object> newContent) {
        content = Tree.freeze(newContent);
        yaml = FieldOrder.write(content).text();
        manifest = parse(yaml);
        file.markDirty();
    }

    /**
     * Replaces the content from typed YAML, which must hold exactly one object. On an error nothing changes.
     *
     * @throws ManifestException with the line and column of the problem
     */
    public void setYaml(String text) throws ManifestException {
        List<Manifest> read = ManifestReader.read(file.label(), text);
        if (read.size() != 1) {
            throw new ManifestException(
                    file.label(), Position.UNKNOWN, "expected exactly one object here, got " + read.size());
        }
        manifest = read.get(0);
        content = manifest.content();
        yaml = text;
        file.markDirty();
    }

    /** Restores a state saved for undo. */
    void restore(Map<String, Object> oldContent, String oldYaml) {
        content = oldContent;
        yaml = oldYaml;
        manifest = parse(oldYaml);
        file.markDirty();
    }

    private Manifest parse(String text) {
        try {
            return ManifestReader.read(file.label(), text).get(0);
        } catch (ManifestException e) {
            throw new IllegalStateException("the writer wrote YAML its reader rejects: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return describe() + " (" + file.label() + ")";
    }

    boolean sameContent(Map<String, Object> other) {
        return Objects.equals(content, other);
    }
}
