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
import egress.simulator.testfile.TestFileParser;
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
 * <p>Thread-safe: a snapshot is immutable and swapped atomically, so a reader sees one version throughout, never
 * a mix. No lock is held while compiling; two threads asking for the same engine of the same version wait for
 * one compile.
 */
public final class Workbench {
    private final AtomicReference<Snapshot> current;
    private final AtomicLong compiles = new AtomicLong();
    private final AtomicLong validations = new AtomicLong();

    public Workbench() {
        this(List.of());
    }

    public Workbench(List<Manifest> manifests) {
        current = new AtomicReference<>(new Snapshot(this, 0, List.copyOf(manifests)));
    }

    /** The version being read now; it stays valid (and its caches filled) however the set changes later. */
    public Snapshot snapshot() {
        return current.get();
    }

    /** Replaces every manifest (a new version); returns it. */
    public Snapshot replaceAll(List<Manifest> manifests) {
        List<Manifest> copy = List.copyOf(manifests);
        return current.updateAndGet(s -> new Snapshot(this, s.version + 1, copy));
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
        return current.updateAndGet(now -> sameObjects(now.manifests, copy) ? now
                : new Snapshot(this, now.version + 1, copy));
    }

    /** How many times a set has been compiled (once per engine and version at most). */
    public long compiles() {
        return compiles.get();
    }

    /** How many validation reports have been computed (once per engine choice and version at most). */
    public long validations() {
        return validations.get();
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
        private final Map<Engine, FutureTask<SimulatedMesh>> meshes = new ConcurrentHashMap<>();
        private final Map<Engine, FutureTask<ReachGraph>> graphs = new ConcurrentHashMap<>();
        /** Keyed by engine name, "" for both engines (the validator's default). */
        private final Map<String, FutureTask<Report>> reports = new ConcurrentHashMap<>();

        private Snapshot(Workbench owner, long version, List<Manifest> manifests) {
            this.owner = owner;
            this.version = version;
            this.manifests = manifests;
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
            return once(graphs, Objects.requireNonNull(engine, "engine"), () -> ReachGraph.of(mesh(engine).compiled()));
        }

        /** A simulator over {@link #mesh}; making one compiles nothing once the mesh is compiled. */
        public Simulator simulator(Engine engine, boolean sniDestinationCheck) {
            return new Simulator(mesh(engine), new SimulatedUpstream(), sniDestinationCheck);
        }

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
