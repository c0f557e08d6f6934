package egress.designer.workspace;

import egress.policy.yaml.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The files a user opened (a folder, some files, or nothing yet) and their objects. Plain Java: the view-models
 * observe it, tests use it directly.
 */
public final class Workspace {
    private Path root;
    private final List<SourceFile> files = new ArrayList<>();

    public Workspace(Path root, List<SourceFile> files) {
        this.root = root;
        this.files.addAll(files);
    }

    public static Workspace empty() {
        return new Workspace(null, List.of());
    }

    /** The folder new files go to; null for an empty workspace that was never saved. */
    public Path root() {
        return root;
    }

    public List<SourceFile> files() {
        return Collections.unmodifiableList(files);
    }

    public void addFile(SourceFile f) {
        files.add(f);
    }

    /** After "save to folder": new files go there from now on. */
    public void setRoot(Path folder) {
        root = folder;
    }

    /** Puts a file read again from disk in the place of the one shown. */
    public void replace(SourceFile old, SourceFile now) {
        files.set(files.indexOf(old), now);
    }

    /** Every object in file and document order. */
    public List<Doc> docs() {
        List<Doc> all = new ArrayList<>();
        files.forEach(f -> all.addAll(f.docs()));
        return all;
    }

    /** What validation and simulation see: every object's current manifest. */
    public List<Manifest> manifests() {
        List<Manifest> all = new ArrayList<>();
        for (SourceFile f : files) {
            f.docs().forEach(d -> all.add(d.manifest()));
        }
        return all;
    }

    public boolean dirty() {
        return files.stream().anyMatch(SourceFile::dirty);
    }

    /** Files whose text could not be read as manifests (kept untouched). */
    public List<SourceFile> unreadable() {
        return files.stream().filter(f -> f.loadError() != null).toList();
    }
}
