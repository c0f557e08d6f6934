package egress.designer.workspace;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Reads workspaces from disk and writes files back atomically, noticing files changed by someone else. */
public final class WorkspaceStore {
    private WorkspaceStore() {}

    /** Opens folders and files; the first folder (or the first file's folder) is where new files go. */
    public static Workspace open(List<Path> paths) throws IOException {
        Path root = null;
        List<SourceFile> files = new ArrayList<>();
        for (Path p : paths) {
            Path abs = p.toAbsolutePath().normalize();
            if (Files.isDirectory(abs)) {
                root = root == null ? abs : root;
                try {
                    for (Path f : ManifestReader.manifestFiles(abs)) {
                        files.add(read(f));
                    }
                } catch (ManifestException e) {
                    throw new IOException(e.getMessage(), e);
                }
            } else {
                root = root == null ? abs.getParent() : root;
                files.add(read(abs));
            }
        }
        return new Workspace(root, files);
    }

    /** Reads one file; a file that is not valid YAML is kept, with its error, and never written. */
    public static SourceFile read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        Fingerprint fp = Fingerprint.of(file, bytes);
        try {
            List<Manifest> manifests = ManifestReader.read(file.toString(), text);
            return new SourceFile(file, text, fp, manifests, null);
        } catch (ManifestException e) {
            return new SourceFile(file, text, fp, List.of(), e.getMessage());
        }
    }

    /** Whether the file on disk is no longer what was read or last written. */
    public static boolean changedOnDisk(SourceFile f) throws IOException {
        if (f.path() == null) {
            return false;
        }
        return !Fingerprint.of(f.path()).sameContent(f.disk());
    }

    /**
     * Writes a file atomically: the text goes to a temporary file in the same folder, which then replaces the
     * target in one rename. On any failure the old file stays as it was and the temporary file is removed.
     */
    public static void save(SourceFile f, Path target) throws IOException {
        String text = f.text();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        f.saved(target, text, Fingerprint.of(target, bytes));
    }

    /** Reads a file again from disk (after someone else changed it), replacing its objects. */
    public static SourceFile reload(SourceFile f) throws IOException {
        return read(f.path());
    }
}
