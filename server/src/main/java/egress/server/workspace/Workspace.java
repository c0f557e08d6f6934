package egress.server.workspace;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.policy.yaml.ManifestWriter;
import egress.simulator.Workbench;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The manifests being edited, one per kind, namespace and name, in the order they were first added.
 * Thread-safe: every method is synchronized, and manifests are immutable. Every change is handed to the
 * {@link #workbench()}, which caches the reports and compiled sets that requests read.
 *
 * <p>Each object belongs to a file, where a posted test's {@code resourceFiles} find it as edited: a file
 * {@code egress serve} read stays the object's file when the page saves it (under another label, its own text);
 * an imported object or a new one belongs to the file its label names in the workspace folder.
 */
public final class Workspace {
    private final Map<ResourceKey, Manifest> manifests = new LinkedHashMap<>();
    /** The file each object belongs to (absolute), or null. */
    private final Map<ResourceKey, Path> files = new LinkedHashMap<>();
    private final Workbench workbench = new Workbench();
    private final Path folder;

    /** A workspace with no folder on disk: tests posted to the server can name no files. */
    public Workspace() {
        this(null);
    }

    /** @param folder the folder test files posted to the server are taken to live in (null: none) */
    public Workspace(Path folder) {
        this.folder = folder;
    }

    /** The folder on disk, or null. */
    public Path folder() {
        return folder;
    }

    /**
     * The folder of what {@code egress serve} was given: the first folder, or the folder of the first file.
     *
     * @return null when nothing was given
     */
    public static Path folderOf(List<Path> paths) {
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return paths.isEmpty() ? null : paths.get(0).toAbsolutePath().normalize().getParent();
    }

    /** The manifests with their validation reports and compiled sets, cached until the next change. */
    public Workbench workbench() {
        return workbench;
    }

    public synchronized List<Manifest> all() {
        return List.copyOf(manifests.values());
    }

    public synchronized Optional<Manifest> get(ResourceKey key) {
        return Optional.ofNullable(manifests.get(key));
    }

    /**
     * Adds or replaces the manifest with the same kind, namespace and name; true when it replaced one. A replaced
     * object stays in its file; a new one belongs to the file its source names in the workspace folder.
     */
    public synchronized boolean put(Manifest m) {
        ResourceKey key = ResourceKey.of(m);
        boolean replaced = manifests.put(key, m) != null;
        files.putIfAbsent(key, inFolder(m.source()));
        changed();
        return replaced;
    }

    /** Adds manifests read from files on disk (what {@code egress serve} was given): each belongs to its file. */
    public synchronized void load(List<Manifest> read) {
        for (Manifest m : read) {
            ResourceKey key = ResourceKey.of(m);
            manifests.put(key, m);
            files.put(key, Workbench.fileOf(m));
        }
        changed();
    }

    public synchronized boolean delete(ResourceKey key) {
        boolean deleted = manifests.remove(key) != null;
        files.remove(key);
        if (deleted) {
            changed();
        }
        return deleted;
    }

    public synchronized void clear() {
        manifests.clear();
        files.clear();
        changed();
    }

    /** Called with the lock held, so the workbench's versions follow the order of the changes. */
    private void changed() {
        List<Path> of = new ArrayList<>();
        manifests.keySet().forEach(k -> of.add(files.get(k)));
        workbench.replaceAll(List.copyOf(manifests.values()), of);
    }

    /** A label taken as a file of the workspace folder (null without a folder, or when it names no path). */
    private Path inFolder(String label) {
        if (folder == null || label == null) {
            return null;
        }
        try {
            return folder.toAbsolutePath().resolve(label).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /**
     * Reads every manifest of a YAML or JSON text and puts each one; nothing is added when the text cannot be
     * read.
     *
     * @param source the file name positions refer to
     */
    public List<Manifest> importYaml(String source, String text) throws ManifestException {
        List<Manifest> read = ManifestReader.read(source, text);
        List<Manifest> out = new ArrayList<>();
        synchronized (this) {
            for (Manifest m : read) {
                if (m.kind() == null || m.name() == null) {
                    throw new ManifestException(source, m.origin(), "every object needs kind and metadata.name");
                }
            }
            for (Manifest m : read) {
                manifests.put(ResourceKey.of(m), m);
                files.put(ResourceKey.of(m), inFolder(source));
                out.add(m);
            }
            changed(); // one version for the whole text: a request sees all of it or none
        }
        return out;
    }

    /** Every manifest as multi-document YAML. */
    public synchronized String exportYaml() {
        return ManifestWriter.write(List.copyOf(manifests.values()));
    }
}
