package egress.cluster.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import egress.cluster.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a deploy is about to write, on disk before its first write and removed once it has applied everything or
 * rolled everything back. A deploy whose process died (SIGKILL, power loss) leaves it behind, and the next deploy
 * to the same cluster finds it and asks to finish it or roll it back first. One file per cluster (named after its
 * server URL) in {@code ~/.egress-designer/journal}, written to a temporary file, forced to disk and moved into
 * place, so that a reader sees either no journal or a whole one.
 */
public final class DeployJournal {
    /** Overrides the folder that holds {@code journal/} (normally {@code ~/.egress-designer}). */
    public static final String HOME_PROPERTY = "egress.designer.home";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A deploy in progress.
     *
     * @param server     the cluster's server URL
     * @param startedAt  when its writes began
     * @param pid        the process that ran it
     * @param flagSwitch whether it switches enableEgressPolicy on after its writes
     * @param changes    its writes, in order
     */
    public record Entry(String server, Instant startedAt, long pid, boolean flagSwitch, List<Change> changes) {
        public Entry {
            changes = List.copyOf(changes);
        }

        /** One line for people: when, which process, how many writes. */
        public String describe() {
            return "a deploy of " + changes.size() + " change(s) to " + server + " started " + startedAt
                    + " by process " + pid;
        }
    }

    private final Path file;
    private final String server;

    /**
     * @param folder the journal folder ({@link #defaultFolder()} normally)
     * @param server the cluster's server URL; each cluster has its own journal
     */
    public DeployJournal(Path folder, String server) {
        this.server = server.replaceAll("/+$", "");
        this.file = folder.resolve(name(this.server));
    }

    /** {@code ~/.egress-designer/journal}, or {@code journal} under {@value #HOME_PROPERTY} when set. */
    public static Path defaultFolder() {
        String home = System.getProperty(HOME_PROPERTY);
        Path base = home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".egress-designer");
        return base.resolve("journal");
    }

    public Path file() {
        return file;
    }

    /** Records a deploy about to start (the caller made sure no other journal is there: see {@link #find()}). */
    public Entry begin(List<Change> changes, boolean flagSwitch) {
        Entry e = new Entry(server, Instant.now(), ProcessHandle.current().pid(), flagSwitch, changes);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Change c : changes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", c.action().name());
            m.put("apiVersion", c.key().apiVersion());
            m.put("kind", c.key().kind());
            m.put("namespace", c.key().namespace());
            m.put("name", c.key().name());
            m.put("fields", c.changedFields());
            m.put("desired", c.desired());
            m.put("live", c.live());
            out.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 1);
        doc.put("server", server);
        doc.put("startedAt", e.startedAt().toString());
        doc.put("pid", e.pid());
        doc.put("flagSwitch", flagSwitch);
        doc.put("changes", out);
        write(doc);
        return e;
    }

    /** The journal of an unfinished deploy to this cluster, if there is one. */
    @SuppressWarnings("unchecked")
    public Optional<Entry> find() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Map<String, Object> doc = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Map.class);
            List<Change> changes = new ArrayList<>();
            for (Object o : (List<Object>) doc.get("changes")) {
                Map<String, Object> m = (Map<String, Object>) o;
                changes.add(new Change(
                        Action.valueOf((String) m.get("action")),
                        new ObjectKey(
                                (String) m.get("apiVersion"),
                                (String) m.get("kind"),
                                (String) m.get("namespace"),
                                (String) m.get("name")),
                        (List<String>) m.get("fields"),
                        (Map<String, Object>) m.get("desired"),
                        (Map<String, Object>) m.get("live")));
            }
            return Optional.of(new Entry(
                    (String) doc.get("server"),
                    Instant.parse((String) doc.get("startedAt")),
                    ((Number) doc.get("pid")).longValue(),
                    Boolean.TRUE.equals(doc.get("flagSwitch")),
                    changes));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "the deploy journal " + file + " cannot be read (" + e.getMessage()
                            + "); look at it, then delete it",
                    e);
        }
    }

    /** Removes the journal: the deploy it records is over (applied, or wholly rolled back). */
    public void end() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the deploy journal " + file, e);
        }
    }

    private void write(Map<String, Object> doc) {
        try {
            PrivateFiles.replace(file, JSON.writeValueAsBytes(doc));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the deploy journal " + file, e);
        }
    }

    private static String name(String server) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(server.getBytes(StandardCharsets.UTF_8));
            return "deploy-" + HexFormat.of().formatHex(hash, 0, 8) + ".json";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
