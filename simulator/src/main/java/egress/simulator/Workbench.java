package egress.simulator;

import egress.policy.match.ReachGraph;
import egress.policy.model.Engine;
import egress.policy.validate.Report;
import egress.policy.validate.Validator;
import egress.policy.vocab.Namespaces;
import egress.policy.yaml.Manifest;
import egress.simulator.mesh.Dns;
import egress.simulator.mesh.SimulatedMesh;
import egress.simulator.mesh.SimulatedUpstream;
import egress.simulator.testfile.CaseResult;
import egress.simulator.testfile.EgressTestFile;
import egress.simulator.testfile.ResourceFileReader;
import egress.simulator.testfile.TestFileException;
import egress.simulator.testfile.TestFileParser;
import egress.simulator.testfile.TestRun;
import egress.simulator.testfile.TestRunner;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The manifests a front end edits (the server's workspace, the desktop's open files) with what is derived from
 * them cached per engine: the validation report, the compiled mesh and its reach graph. Any change makes a new
 * {@link Snapshot} (a new version) whose caches start empty; each is computed on first use, once. So an edit
 * compiles at most once per engine, and a simulation compiles nothing when the set has not changed since the
 * last one.
 *
 * <p>Each manifest belongs to a file (by default the file its {@link Manifest#source()} names, relative to the
 * working folder), so that a test file run against a snapshot ({@link Snapshot#test}) finds the files it names
 * ({@code resourceFiles}, {@code applyFiles}) as edited here, saved or not; a test run is cached too, per
 * version and test text.
 *
 * <p>Thread-safe: a snapshot is immutable and swapped atomically, so a reader sees one version throughout, never
 * a mix. No lock is held while compiling; two threads asking for the same engine of the same version wait for
 * one compile.
 */
public final class Workbench {
    private final AtomicReference<Snapshot> current;
    private final AtomicLong compiles = new AtomicLong();
    private final AtomicLong validations = new AtomicLong();
    private final AtomicLong testRuns = new AtomicLong();

    public Workbench() {
        this(List.of());
    }

    public Workbench(List<Manifest> manifests) {
        List<Manifest> copy = List.copyOf(manifests);
        current = new AtomicReference<>(new Snapshot(this, 0, copy, filesOf(copy)));
    }

    /** The version being read now; it stays valid (and its caches filled) however the set changes later. */
    public Snapshot snapshot() {
        return current.get();
    }

    /** Replaces every manifest (a new version); returns it. */
    public Snapshot replaceAll(List<Manifest> manifests) {
        List<Manifest> copy = List.copyOf(manifests);
        List<Path> files = filesOf(copy);
        return current.updateAndGet(s -> new Snapshot(this, s.version + 1, copy, files));
    }

    /**
     * Replaces every manifest, each with the file it belongs to (a new version); returns it. For a front end whose
     * objects stay in their file when edited although their {@link Manifest#source()} names another text.
     *
     * @param files the absolute file of each manifest, in the same order; an entry may be null (in no file)
     */
    public Snapshot replaceAll(List<Manifest> manifests, List<Path> files) {
        List<Manifest> copy = List.copyOf(manifests);
        if (files.size() != copy.size()) {
            throw new IllegalArgumentException(files.size() + " files for " + copy.size() + " manifests");
        }
        List<Path> fileCopy = Collections.unmodifiableList(new ArrayList<>(files));
        return current.updateAndGet(s -> new Snapshot(this, s.version + 1, copy, fileCopy));
    }

    /**
     * Adds the manifests of a file read from disk unless the set holds that file already; returns the snapshot
     * holding it. For a reader that reads each file once ({@code egress test}).
     */
    public Snapshot addFile(Path file, List<Manifest> manifests) {
        Path key = normalized(file);
        return current.updateAndGet(now -> {
            if (now.file(key) != null) {
                return now;
            }
            List<Manifest> all = new ArrayList<>(now.manifests);
            List<Path> files = new ArrayList<>(now.files);
            all.addAll(manifests);
            manifests.forEach(m -> files.add(key));
            return new Snapshot(this, now.version + 1, List.copyOf(all), Collections.unmodifiableList(files));
        });
    }

    /**
     * Replaces every manifest unless they are the same objects in the same order as now (manifests are
     * immutable, so then nothing changed); returns the snapshot to read. For a front end that holds its own
     * manifests and cannot tell the workbench about every change.
     */
    public Snapshot sync(List<Manifest> manifests) {
        Snapshot s = current.get();
        if (sameObjects(s.manifests, manifests)) {
            return s;
        }
        List<Manifest> copy = List.copyOf(manifests);
        List<Path> files = filesOf(copy);
        return current.updateAndGet(
                now -> sameObjects(now.manifests, copy) ? now : new Snapshot(this, now.version + 1, copy, files));
    }

    /** How many times a set has been compiled (once per engine and version at most). */
    public long compiles() {
        return compiles.get();
    }

    /** How many validation reports have been computed (once per engine choice and version at most). */
    public long validations() {
        return validations.get();
    }

    /** How many test files have been run (once per version, test file and text at most). */
    public long testRuns() {
        return testRuns.get();
    }

    /**
     * The file a manifest's source names, absolute (a relative name taken from the working folder, as it was
     * read), or null for a label such as {@code <memory>} or {@code <stdin>}.
     */
    public static Path fileOf(Manifest m) {
        String source = m.source();
        if (source == null || source.isEmpty() || source.startsWith("<")) {
            return null;
        }
        try {
            return normalized(Path.of(source));
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static Path normalized(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private static List<Path> filesOf(List<Manifest> manifests) {
        List<Path> files = new ArrayList<>(manifests.size());
        manifests.forEach(m -> files.add(fileOf(m)));
        return Collections.unmodifiableList(files);
    }

    private static boolean sameObjects(List<Manifest> a, List<Manifest> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** One version of the set and what has been derived from it so far. */
    public static final class Snapshot {
        private final Workbench owner;
        private final long version;
        private final List<Manifest> manifests;
        /** The file of each manifest (absolute, normalized), or null. */
        private final List<Path> files;

        private final Map<TestKey, FutureTask<Ran>> tests = new ConcurrentHashMap<>();
        private final Map<Engine, FutureTask<SimulatedMesh>> meshes = new ConcurrentHashMap<>();
        private final Map<Engine, FutureTask<ReachGraph>> graphs = new ConcurrentHashMap<>();
        /** Keyed by engine name, "" for both engines (the validator's default). */
        private final Map<String, FutureTask<Report>> reports = new ConcurrentHashMap<>();

        private Snapshot(Workbench owner, long version, List<Manifest> manifests, List<Path> files) {
            this.owner = owner;
            this.version = version;
            this.manifests = manifests;
            this.files = files;
        }

        public long version() {
            return version;
        }

        /** The manifests as given (test files included, namespaces as written). */
        public List<Manifest> manifests() {
            return manifests;
        }

        /** The validation report for one engine, or for both when {@code engine} is null. */
        public Report report(Engine engine) {
            return once(reports, engine == null ? "" : engine.name(), () -> {
                owner.validations.incrementAndGet();
                return engine == null ? Validator.validate(manifests) : Validator.validate(manifests, engine);
            });
        }

        /**
         * The mesh holding every manifest but EgressTest documents, a missing namespace taken as
         * {@code default} (as {@code kubectl apply} does), compiled for the engine. Read it, never apply to it.
         */
        public SimulatedMesh mesh(Engine engine) {
            Objects.requireNonNull(engine, "engine");
            return once(meshes, engine, () -> {
                SimulatedMesh mesh = new SimulatedMesh(engine, new Dns());
                for (Manifest m : manifests) {
                    if (!TestFileParser.isTestFile(m)) {
                        mesh.apply(Namespaces.defaulted(m, Namespaces.DEFAULT));
                    }
                }
                mesh.compiled(); // compiled here, once, before any reader sees the mesh
                owner.compiles.incrementAndGet();
                return mesh;
            });
        }

        /** The reach graph of {@link #mesh}'s compiled set (computed on first use: simulating does not need it). */
        public ReachGraph graph(Engine engine) {
            return once(
                    graphs,
                    Objects.requireNonNull(engine, "engine"),
                    () -> ReachGraph.of(mesh(engine).compiled()));
        }

        /** A simulator over {@link #mesh}; making one compiles nothing once the mesh is compiled. */
        public Simulator simulator(Engine engine, boolean sniDestinationCheck) {
            return new Simulator(mesh(engine), new SimulatedUpstream(), sniDestinationCheck);
        }

        /** The manifests of a file as this version holds them, in order; null when it holds none of that file. */
        public List<Manifest> file(Path file) {
            Path key = normalized(file);
            List<Manifest> out = new ArrayList<>();
            for (int i = 0; i < manifests.size(); i++) {
                if (key.equals(files.get(i))) {
                    out.add(manifests.get(i));
                }
            }
            return out.isEmpty() ? null : List.copyOf(out);
        }

        /**
         * Reads the files a test file at {@code testFile} names from this version where it holds them (so as
         * edited, saved or not), and through {@code fallback} otherwise (from disk, confined as the caller needs).
         * A name is taken relative to the test file's folder.
         */
        public ResourceFileReader files(Path testFile, ResourceFileReader fallback) {
            Path folder = normalized(testFile).getParent();
            return name -> {
                List<Manifest> held = null;
                try {
                    held = file(folder.resolve(name));
                } catch (InvalidPathException e) {
                    // not a path here: the fallback says why
                }
                return held != null ? held : fallback.read(name);
            };
        }

        /**
         * Runs a test file's text against this version: the files it names are read by {@link #files}. Cached per
         * location, label, text and server-name check when every file it names is held here: running it again
         * before the next change decides nothing ({@link Workbench#testRuns()}). A run that read a file through
         * {@code fallback} is not kept, as that file may change on disk while the set does not.
         *
         * @param testFile            where the test file lives (its folder is where the files it names are)
         * @param label               the name results and errors give it
         * @param sniDestinationCheck the server-name check for a file whose {@code mesh.sniDestinationCheck} does
         *                            not say
         */
        public TestRun test(
                Path testFile, String label, String text, ResourceFileReader fallback, boolean sniDestinationCheck) {
            TestKey key = new TestKey(normalized(testFile), label, text, sniDestinationCheck);
            Ran ran = once(tests, key, () -> {
                owner.testRuns.incrementAndGet();
                boolean[] outside = {false};
                ResourceFileReader counted = name -> {
                    outside[0] = true;
                    return fallback.read(name);
                };
                TestRun run;
                try {
                    List<CaseResult> results = new ArrayList<>();
                    for (EgressTestFile f : TestFileParser.parse(label, testFile, text, files(testFile, counted))) {
                        results.addAll(TestRunner.run(f, sniDestinationCheck));
                    }
                    run = new TestRun(results, null);
                } catch (TestFileException e) {
                    run = new TestRun(List.of(), e);
                }
                return new Ran(run, outside[0]);
            });
            if (ran.readOutside()) {
                tests.remove(key);
            }
            return ran.run();
        }

        private record TestKey(Path file, String label, String text, boolean sniDestinationCheck) {}

        /** A test run, and whether it read a file this version does not hold. */
        private record Ran(TestRun run, boolean readOutside) {}

        /** Computes the value of a key once: the first caller runs it, others wait for it, no lock is held. */
        private static <K, V> V once(Map<K, FutureTask<V>> cache, K key, Callable<V> compute) {
            FutureTask<V> task = cache.computeIfAbsent(key, k -> new FutureTask<>(compute));
            task.run(); // does nothing when it ran or is running in another thread
            try {
                return task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while compiling", e);
            } catch (ExecutionException e) {
                cache.remove(key, task); // not cached: the next caller tries again and sees the error itself
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
