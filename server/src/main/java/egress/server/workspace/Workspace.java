package egress.server.workspace;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.policy.yaml.ManifestWriter;
import egress.simulator.Workbench;
import java.nio.file.Files;
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
 */
public final class Workspace {
    private final Map<ResourceKey, Manifest> manifests = new LinkedHashMap<>();
    private final Workbench workbench = new Workbench();
    private final Path folder;
    private final TrafficWorkspace traffic = new TrafficWorkspace(this);

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

    /** The recorded traffic loaded beside the manifests, and what edits do to it. */
    public TrafficWorkspace traffic() {
        return traffic;
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

    /** Adds or replaces the manifest with the same kind, namespace and name; true when it replaced one. */
    public synchronized boolean put(Manifest m) {
        boolean replaced = manifests.put(ResourceKey.of(m), m) != null;
        changed();
        return replaced;
    }

    /** Adds or replaces several manifests as one change (one workbench version). */
    public synchronized void putAll(List<Manifest> added) {
        for (Manifest m : added) {
            manifests.put(ResourceKey.of(m), m);
        }
        changed();
    }

    public synchronized boolean delete(ResourceKey key) {
        boolean deleted = manifests.remove(key) != null;
        if (deleted) {
            changed();
        }
        return deleted;
    }

    public synchronized void clear() {
        manifests.clear();
        changed();
    }

    /** Called with the lock held, so the workbench's versions follow the order of the changes. */
    private void changed() {
        workbench.replaceAll(List.copyOf(manifests.values()));
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
