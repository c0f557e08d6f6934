package egress.server.workspace;

import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.simulator.Workbench;
import egress.simulator.learn.Learned;
import egress.simulator.learn.Learner;
import egress.simulator.learn.Proposal;
import egress.simulator.learn.RouteMode;
import egress.simulator.traffic.DecisionFeed;
import egress.simulator.traffic.LoadedTraffic;
import egress.simulator.traffic.LoadedTraffic.Observed;
import egress.simulator.traffic.RecordedRequest;
import egress.simulator.traffic.TrafficChanges;
import egress.simulator.traffic.TrafficFormat;
import egress.simulator.traffic.TrafficVerdicts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The recorded traffic loaded into the web designer, and the set it is compared with: the baseline, the workspace
 * as it was when the server started or last deployed (or when {@link #markBaseline} was last called). After an
 * edit, {@link #changes} decides every distinct request under the workspace as edited (the workbench's compiled
 * set of the current version) and says what changed from the baseline; both sides are cached by workspace version,
 * traffic version, engine and destination check, so only the side that changed is decided again.
 *
 * <p>Thread-safe.
 */
public final class TrafficWorkspace implements AutoCloseable {
    /** Distinct requests kept; more are counted only (each costs a few hundred bytes). */
    public static final int MAX_DISTINCT = 250_000;

    private final Workspace workspace;
    private LoadedTraffic traffic = new LoadedTraffic(MAX_DISTINCT);
    private DecisionFeed feed;
    private Workbench baseline = new Workbench();
    private final Set<String> proposed = new LinkedHashSet<>();
    private Decided current;
    private Decided base;
    private Compared compared;
    private Seen seen;

    /** Decisions of one traffic version under one set version. */
    private record Decided(
            Object set,
            long setVersion,
            long trafficVersion,
            Engine engine,
            boolean sniCheck,
            TrafficVerdicts verdicts) {
        boolean matches(Object s, long sv, long tv, Engine e, boolean sni) {
            return set == s && setVersion == sv && trafficVersion == tv && engine == e && sniCheck == sni;
        }
    }

    private record Compared(TrafficVerdicts current, TrafficVerdicts base, TrafficChanges changes) {}

    /** The distinct requests as of one traffic version: prepared once per version, not once per edit. */
    private record Seen(LoadedTraffic traffic, TrafficVerdicts.Prepared prepared) {
        long version() {
            return prepared.version();
        }
    }

    public TrafficWorkspace(Workspace workspace) {
        this.workspace = workspace;
    }

    /** The traffic loaded now (replaced by {@link #clear}). */
    public synchronized LoadedTraffic traffic() {
        return traffic;
    }

    /** The feed being followed, or null. */
    public synchronized DecisionFeed feed() {
        return feed;
    }

    /** Drops the loaded traffic and stops following. */
    public synchronized void clear() {
        stopFollowing();
        traffic = new LoadedTraffic(MAX_DISTINCT);
        proposed.clear();
    }

    /** Reads traffic (gzip-compressed or not) into the loaded traffic; {@code name} names it in problems. */
    public void load(String name, InputStream in, TrafficFormat format, Identity from) throws IOException {
        traffic().read(name, in, format, from);
    }

    /**
     * Reads a traffic file inside the workspace folder ({@link WorkspaceFiles#resolve}: nothing outside it is
     * opened); streamed, so its size is not limited, only the distinct requests kept.
     */
    public void loadFile(String relative, TrafficFormat format, Identity from) throws IOException, ManifestException {
        Path file = new WorkspaceFiles(workspace.folder(), Long.MAX_VALUE).resolve(relative);
        try (InputStream in = Files.newInputStream(file)) {
            load(relative, in, format, from);
        }
    }

    /** Follows a running enforcer's recent decisions (its admin address), polling every interval. */
    public synchronized DecisionFeed follow(URI admin, Duration interval) {
        stopFollowing();
        feed = new DecisionFeed(admin, traffic);
        feed.start(interval);
        return feed;
    }

    public synchronized void stopFollowing() {
        if (feed != null) {
            feed.close();
            feed = null;
        }
    }

    /** Takes {@code manifests} (what was just deployed, or saved) as the set changes are shown against. */
    public synchronized void markBaseline(List<Manifest> manifests) {
        baseline = new Workbench(manifests);
        base = null;
        compared = null;
    }

    /** The baseline's manifests. */
    public synchronized List<Manifest> baseline() {
        return baseline.snapshot().manifests();
    }

    /** What the workspace as edited does to the loaded traffic, against the baseline. */
    public TrafficChanges changes(Engine engine, boolean sniCheck) {
        Workbench.Snapshot now = workspace.workbench().snapshot();
        Seen s;
        Workbench.Snapshot before;
        Decided cur;
        Decided old;
        synchronized (this) {
            s = seen();
            before = baseline.snapshot();
            cur = current;
            old = base;
        }
        if (cur == null || !cur.matches(workspace.workbench(), now.version(), s.version(), engine, sniCheck)) {
            cur = new Decided(
                    workspace.workbench(),
                    now.version(),
                    s.version(),
                    engine,
                    sniCheck,
                    TrafficVerdicts.decide(s.prepared(), now.simulator(engine, sniCheck)));
        }
        Workbench baseBench;
        synchronized (this) {
            baseBench = baseline;
        }
        if (old == null || !old.matches(baseBench, before.version(), s.version(), engine, sniCheck)) {
            old = new Decided(
                    baseBench,
                    before.version(),
                    s.version(),
                    engine,
                    sniCheck,
                    TrafficVerdicts.decide(s.prepared(), before.simulator(engine, sniCheck)));
        }
        TrafficChanges c;
        synchronized (this) {
            Compared done = compared;
            if (done != null && done.current() == cur.verdicts() && done.base() == old.verdicts()) {
                return done.changes();
            }
            c = cur.verdicts().against(old.verdicts());
            current = cur;
            if (baseBench == baseline) {
                base = old;
            }
            compared = new Compared(cur.verdicts(), old.verdicts(), c);
        }
        return c;
    }

    /** What deploying the workspace as edited over {@code deployed} (the cluster's objects) does to the traffic. */
    public TrafficChanges changesOver(List<Manifest> deployed, Engine engine, boolean sniCheck) {
        Seen s;
        synchronized (this) {
            s = seen();
        }
        TrafficVerdicts before = TrafficVerdicts.decide(
                s.prepared(), new Workbench(deployed).snapshot().simulator(engine, sniCheck));
        TrafficVerdicts after = TrafficVerdicts.decide(
                s.prepared(), workspace.workbench().snapshot().simulator(engine, sniCheck));
        return after.against(before);
    }

    private Seen seen() {
        long v = traffic.version();
        if (seen == null || seen.traffic() != traffic || seen.version() != v) {
            seen = new Seen(traffic, TrafficVerdicts.Prepared.of(traffic));
        }
        return seen;
    }

    /**
     * What "propose from traffic" added.
     *
     * @param added   keys ({@code kind/namespace/name}, {@code -} for none) of the objects added, each new
     * @param skipped proposals not added because an object of the same kind, namespace and name is in the workspace
     */
    public record Proposed(
            List<String> added,
            List<String> skipped,
            List<String> refused,
            List<String> warnings,
            long allowedRequests,
            long refusedRequests) {}

    /**
     * Runs {@code egress learn} over the loaded traffic and adds what it proposes to the workspace as new objects,
     * in one change; a proposal whose Egress or route group would replace an object already there is left out.
     */
    public Proposed propose(Engine engine, RouteMode routes) throws ManifestException {
        Learner learner = new Learner(engine, routes, 32);
        for (Observed o : traffic().observed()) {
            RecordedRequest r = o.sample();
            RecordedRequest first = at(r, o.firstSeen());
            RecordedRequest last = at(r, o.lastSeen());
            for (long i = 0; i < o.count(); i++) {
                learner.accept(i == 0 ? first : last);
            }
        }
        Learned learned = learner.learn();
        List<Manifest> add = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Proposal p : learned.proposals()) {
            List<Manifest> read = ManifestReader.read("proposed/" + p.file(), p.yaml());
            List<String> clashes = read.stream()
                    .filter(m -> workspace.get(ResourceKey.of(m)).isPresent())
                    .map(TrafficWorkspace::key)
                    .toList();
            if (!clashes.isEmpty()) {
                skipped.add(
                        p.namespace() + "/" + p.name() + " (" + String.join(", ", clashes) + " is in the workspace)");
                continue;
            }
            add.addAll(read);
            read.forEach(m -> added.add(key(m)));
        }
        if (!add.isEmpty()) {
            workspace.putAll(add);
        }
        synchronized (this) {
            proposed.addAll(added);
        }
        return new Proposed(
                added,
                skipped,
                learned.refused(),
                learned.warnings(),
                learned.allowedRequests(),
                learned.refusedRequests());
    }

    /** Keys of the objects "propose from traffic" added (until the traffic is cleared). */
    public synchronized List<String> proposed() {
        return List.copyOf(proposed);
    }

    private static RecordedRequest at(RecordedRequest r, long time) {
        return new RecordedRequest(r.file(), r.line(), r.format(), r.request(), time, r.recorded(), r.policy());
    }

    /** The page's key of an object: {@code kind/namespace/name}, {@code -} for no namespace. */
    public static String key(Manifest m) {
        String ns = m.namespace();
        return m.kind() + "/" + (ns == null || ns.isEmpty() ? "-" : ns) + "/" + m.name();
    }

    @Override
    public synchronized void close() {
        stopFollowing();
    }
}
