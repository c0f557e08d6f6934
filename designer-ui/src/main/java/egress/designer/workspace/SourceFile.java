package egress.designer.workspace;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One manifest file of a workspace: its objects in document order, the text it was read from (written back
 * verbatim while nothing in it changed, comments included) and what it looked like on disk.
 */
public final class SourceFile {
    private Path path;
    private String originalText;
    private Fingerprint disk;
    private final List<Doc> docs = new ArrayList<>();
    private final String loadError;
    private boolean dirty;

    SourceFile(Path path, String originalText, Fingerprint disk, List<Manifest> manifests, String loadError) {
        this.path = path;
        this.originalText = originalText;
        this.disk = disk;
        this.loadError = loadError;
        manifests.forEach(m -> docs.add(new Doc(this, m)));
    }

    /** A file that does not exist yet; it gets its name when saved. */
    public static SourceFile unsaved(Path path) {
        SourceFile f = new SourceFile(path, "", Fingerprint.ABSENT, List.of(), null);
        f.dirty = true;
        return f;
    }

    public Path path() {
        return path;
    }

    void moveTo(Path newPath) {
        this.path = newPath;
    }

    public String label() {
        return path == null ? "<new>" : path.toString();
    }

    public List<Doc> docs() {
        return Collections.unmodifiableList(docs);
    }

    /** Null, or why the file could not be read (it is then kept untouched and never written). */
    public String loadError() {
        return loadError;
    }

    public boolean dirty() {
        return dirty;
    }

    void markDirty() {
        dirty = true;
    }

    public Fingerprint disk() {
        return disk;
    }

    void insert(int index, Doc doc) {
        docs.add(index, doc);
        dirty = true;
    }

    int remove(Doc doc) {
        int i = docs.indexOf(doc);
        docs.remove(i);
        dirty = true;
        return i;
    }

    /**
     * The text to write: unchanged files verbatim, changed ones as the texts their objects show (the same text the
     * web designer saves for an object), in document order.
     */
    public String text() {
        if (!dirty || loadError != null) {
            return originalText;
        }
        return ManifestWriter.heading(originalText)
                + ManifestWriter.join(docs.stream().map(Doc::yaml).toList());
    }

    void saved(Path savedPath, String text, Fingerprint now) {
        this.path = savedPath;
        this.originalText = text;
        this.disk = now;
        this.dirty = false;
    }
}
