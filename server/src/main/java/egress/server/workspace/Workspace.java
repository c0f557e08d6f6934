package egress.server.workspace;

import egress.policy.vocab.FieldOrder;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.policy.yaml.ManifestWriter;
import egress.policy.yaml.Position;
import egress.simulator.Workbench;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The manifests being edited, one per kind, namespace and name, in the order they were first added. Each object
 * has one YAML text, the one the page shows and {@link #save()} writes: as typed, or as {@link FieldOrder} writes
 * its content; the manifest is read from that text, so every position (validation's too) is a line of it. Each
 * object belongs to a file of the workspace folder, which holds the texts of its objects in order.
 * Thread-safe: every method is synchronized, and manifests are immutable. Every change is handed to the
 * {@link #workbench()}, which caches the reports and compiled sets that requests read.
 *
 * <p>A posted test's {@code resourceFiles} find an object in its file as edited:
 * {@code egress serve} read stays the object's file when the page saves it (under another label, its own text);
 * an imported object or a new one belongs to the file its label names in the workspace folder.
 */
public final class Workspace {
    /** One object: the manifest read from {@code text}, and the file (relative to the folder) it is saved in. */
    public record Entry(Manifest manifest, String text, String file) {}

    private final Map<ResourceKey, Entry> entries = new LinkedHashMap<>();
    private final Set<String> unsaved = new LinkedHashSet<>();
    private final Workbench workbench = new Workbench();
    private final Path folder;
    private final TrafficWorkspace traffic = new TrafficWorkspace(this);

    /** A workspace with no folder on disk: tests posted to the server can name no files, nothing can be saved. */
    public Workspace() {
        this(null);
    }

    /** @param folder the folder objects are saved in and test files posted to the server are taken to live in */
    public Workspace(Path folder) {
        this.folder = folder == null ? null : folder.toAbsolutePath().normalize();
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
        return paths.isEmpty()
                ? null
                : paths.get(0).toAbsolutePath().normalize().getParent();
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
        return entries.values().stream().map(Entry::manifest).toList();
    }

    /** Every object with its text and file, in workspace order. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    public synchronized Optional<Manifest> get(ResourceKey key) {
        return entry(key).map(Entry::manifest);
    }

    public synchronized Optional<Entry> entry(ResourceKey key) {
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * Adds or replaces the manifest with the same kind, namespace and name, written as {@link FieldOrder} writes
     * it, in the file it was read from; true when it replaced one.
     */
    public synchronized boolean put(Manifest m) {
        boolean replaced = add(written(file(m.source(), ResourceKey.of(m)), m.content()));
        changed();
        return replaced;
    }

    /**
     * Adds the manifests of files as they are on disk (what {@code egress serve} was given): nothing to save. The
     * comment lines a file starts with stay at the start of its first object's text, so they are shown and saved.
     */
    public synchronized void load(List<Manifest> manifests) {
        Set<String> seen = new HashSet<>();
        for (Manifest m : manifests) {
            String file = file(m.source(), ResourceKey.of(m));
            boolean wasUnsaved = unsaved.contains(file);
            add(written(file, m.content(), seen.add(file) ? headingOnDisk(file) : ""));
            if (!wasUnsaved) {
                unsaved.remove(file);
            }
        }
        changed();
    }

    /** Adds or replaces several manifests as one change (one workbench version), each written by FieldOrder. */
    public synchronized void putAll(List<Manifest> added) {
        for (Manifest m : added) {
            add(written(file(m.source(), ResourceKey.of(m)), m.content()));
        }
        changed();
    }

    /**
     * Adds or replaces an object from the content a form edited: its text is what {@link FieldOrder} writes.
     *
     * @param file the file it belongs in, relative to the folder (null: the one it is in, or a new one)
     * @return the entry stored
     */
    public synchronized Entry putContent(String file, Map<String, Object> content) throws ManifestException {
        return putContent(file, content, null);
    }

    /**
     * As {@link #putContent(String, Map)}, in place of the object {@code replaces} (a rename: it is removed, and
     * the renamed object stays in its file, unless that was only its old default name and is not on disk yet).
     */
    public synchronized Entry putContent(String file, Map<String, Object> content, ResourceKey replaces)
            throws ManifestException {
        ResourceKey key = ResourceKey.of(Manifest.of(content));
        checkIdentity(Manifest.of(content));
        Entry before = entries.get(replaces != null && entries.containsKey(replaces) ? replaces : key);
        Entry e = written(
                file(file, key, replaces), content, before == null ? "" : ManifestWriter.heading(before.text()));
        replace(e, replaces);
        return e;
    }

    /**
     * Adds or replaces the one object of a typed text, which is kept as it is.
     *
     * @param file the file it belongs in, relative to the folder (null: the one it is in, or a new one)
     * @return the entry stored
     * @throws ManifestException when the text does not hold exactly one object with a kind and a name
     */
    public synchronized Entry putText(String file, String text) throws ManifestException {
        return putText(file, text, null);
    }

    /** As {@link #putText(String, String)}, in place of the object {@code replaces} (see putContent). */
    public synchronized Entry putText(String file, String text, ResourceKey replaces) throws ManifestException {
        String label = file == null ? "<typed>" : file;
        List<Manifest> read = ManifestReader.read(label, text);
        if (read.size() != 1) {
            throw new ManifestException(label, Position.UNKNOWN, "expected exactly one object, got " + read.size());
        }
        checkIdentity(read.get(0));
        String f = file(file, ResourceKey.of(read.get(0)), replaces);
        Manifest m =
                f.equals(label) ? read.get(0) : ManifestReader.read(f, text).get(0);
        Entry e = new Entry(m, text, f);
        replace(e, replaces);
        return e;
    }

    private void replace(Entry e, ResourceKey replaces) {
        if (replaces != null && !replaces.equals(ResourceKey.of(e.manifest()))) {
            Entry old = entries.remove(replaces);
            if (old != null) {
                unsaved.add(old.file());
            }
        }
        add(e);
        changed();
    }

    public synchronized boolean delete(ResourceKey key) {
        Entry removed = entries.remove(key);
        if (removed != null) {
            unsaved.add(removed.file());
            changed();
        }
        return removed != null;
    }

    public synchronized void clear() {
        entries.values().forEach(e -> unsaved.add(e.file()));
        entries.clear();
        changed();
    }

    /** Called with the lock held, so the workbench's versions follow the order of the changes. */
    private void changed() {
        List<Manifest> manifests = new ArrayList<>(entries.size());
        List<Path> of = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) {
            manifests.add(e.manifest());
            of.add(folder == null ? null : folder.resolve(e.file()).normalize());
        }
        workbench.replaceAll(manifests, of);
    }

    /**
     * Reads every manifest of a YAML or JSON text and puts each one; nothing is added when the text cannot be
     * read.
     *
     * @param source the file name positions refer to, and the file the objects are saved in
     */
    public List<Manifest> importYaml(String source, String text) throws ManifestException {
        List<Manifest> read = ManifestReader.read(source, text);
        List<Manifest> out = new ArrayList<>();
        synchronized (this) {
            for (Manifest m : read) {
                checkIdentity(m);
            }
            for (Manifest m : read) {
                Entry e = written(file(source, ResourceKey.of(m)), m.content());
                add(e);
                out.add(e.manifest());
            }
            changed(); // one version for the whole text: a request sees all of it or none
        }
        return out;
    }

    /** Every object's text as one multi-document YAML, in workspace order. */
    public synchronized String exportYaml() {
        return ManifestWriter.join(entries.values().stream().map(Entry::text).toList());
    }

    /**
     * Writes every file whose objects changed since the last save: the texts of its objects in workspace order
     * (exactly the texts {@link #entry} gives, a heading included), or, when none is left, removes it.
     *
     * @return the files written or removed, relative to the folder
     * @throws IllegalStateException when the workspace has no folder
     */
    public synchronized List<String> save() throws IOException {
        if (folder == null) {
            throw new IllegalStateException("the server has no workspace folder (start egress serve with a folder)");
        }
        List<String> done = new ArrayList<>();
        for (String file : List.copyOf(unsaved)) {
            Path target = inFolder(file);
            List<String> texts = entries.values().stream()
                    .filter(e -> e.file().equals(file))
                    .map(Entry::text)
                    .toList();
            if (texts.isEmpty()) {
                Files.deleteIfExists(target);
            } else {
                Files.createDirectories(target.getParent());
                Path temp = Files.createTempFile(target.getParent(), ".egress-", ".yaml.tmp");
                try {
                    Files.writeString(temp, ManifestWriter.join(texts), StandardCharsets.UTF_8);
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            unsaved.remove(file);
            done.add(file);
        }
        return done;
    }

    /** The files with changes not saved yet, relative to the folder. */
    public synchronized Set<String> unsaved() {
        return Set.copyOf(unsaved);
    }

    private String headingOnDisk(String file) {
        try {
            return folder == null
                    ? ""
                    : ManifestWriter.heading(Files.readString(inFolder(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "";
        }
    }

    private boolean add(Entry e) {
        ResourceKey key = ResourceKey.of(e.manifest());
        Entry old = entries.put(key, e);
        if (old != null && !old.file().equals(e.file())) {
            unsaved.add(old.file());
        }
        unsaved.add(e.file());
        return old != null;
    }

    private static void checkIdentity(Manifest m) throws ManifestException {
        if (m.kind() == null || m.name() == null) {
            throw new ManifestException(m.source(), m.origin(), "every object needs kind and metadata.name");
        }
    }

    /** The object as FieldOrder writes it, read back from that text so its positions are lines of it. */
    private static Entry written(String file, Map<String, Object> content) {
        return written(file, content, "");
    }

    /** As {@link #written(String, Map)}, after comment lines (a file's heading, kept with its first object). */
    private static Entry written(String file, Map<String, Object> content, String heading) {
        String text = heading + FieldOrder.write(content).text();
        try {
            return new Entry(ManifestReader.read(file, text).get(0), text, file);
        } catch (ManifestException e) {
            throw new IllegalStateException("the writer wrote YAML its reader rejects: " + e.getMessage(), e);
        }
    }

    private String file(String asked, ResourceKey key) {
        return file(asked, key, null);
    }

    /**
     * The file asked for (when it names one in the folder), else the one the object is in, else the one of the
     * object it replaces (unless that file is only that object's default name and not on disk yet: a new object
     * renamed before it was saved is saved under its new name, as the desktop app does), else
     * {@code <kind>-<name>.yaml}.
     */
    private String file(String asked, ResourceKey key, ResourceKey replaces) {
        String named = fileOf(asked);
        if (named != null) {
            return named;
        }
        Entry existing = entries.get(key);
        if (existing != null) {
            return existing.file();
        }
        Entry old = replaces == null ? null : entries.get(replaces);
        if (old != null
                && !(old.file().equals(defaultFile(replaces))
                        && (folder == null || !Files.exists(folder.resolve(old.file()))))) {
            return old.file();
        }
        return defaultFile(key);
    }

    private static String defaultFile(ResourceKey key) {
        return (key.kind() + "-" + key.name()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-") + ".yaml";
    }

    /**
     * A source's file relative to the folder: a file read from inside it, or a relative name that stays inside it;
     * null for anything else (a label such as {@code <memory>}, a file elsewhere).
     */
    private String fileOf(String source) {
        if (source == null || source.isBlank() || source.contains("<") || source.indexOf('\0') >= 0) {
            return null;
        }
        try {
            Path given = Path.of(source);
            if (folder == null) {
                return given.isAbsolute() ? null : source;
            }
            Path abs = given.toAbsolutePath().normalize();
            if (abs.startsWith(folder) && Files.isRegularFile(abs)) {
                return folder.relativize(abs).toString();
            }
            Path inside = folder.resolve(given).normalize();
            return !given.isAbsolute() && inside.startsWith(folder) && !inside.equals(folder)
                    ? folder.relativize(inside).toString()
                    : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private Path inFolder(String file) throws IOException {
        Path p;
        try {
            p = folder.resolve(file).normalize();
        } catch (InvalidPathException e) {
            throw new IOException(file + ": not a valid file name", e);
        }
        if (!p.startsWith(folder) || p.equals(folder)) {
            throw new IOException(file + ": outside the workspace folder, not written");
        }
        return p;
    }
}
