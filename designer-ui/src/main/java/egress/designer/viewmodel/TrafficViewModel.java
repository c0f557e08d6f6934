package egress.designer.viewmodel;

import egress.policy.i18n.Message;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.yaml.Manifest;
import egress.simulator.Workbench;
import egress.simulator.learn.Learned;
import egress.simulator.learn.Learner;
import egress.simulator.learn.Proposal;
import egress.simulator.learn.RouteMode;
import egress.simulator.traffic.DecisionFeed;
import egress.simulator.traffic.LoadedTraffic;
import egress.simulator.traffic.RecordedRequest;
import egress.simulator.traffic.TrafficChanges;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Traffic view: recorded requests loaded from files (or followed from a running enforcer's admin port), each
 * distinct one decided under the workspace as edited, compared with the workspace as last saved or deployed (the
 * baseline), and the impact of the edit in one line per kind of change ("this edit newly refuses 12 recorded
 * requests from curl/curl to api.github.com"). "Propose from traffic" learns policies from it.
 *
 * <p>Calls come from one thread (the FX thread in the app). Reading, deciding and learning run on
 * {@code background}; results are shown through {@code ui}. After each edit the traffic is decided again; when
 * edits come faster than that, only the latest one's result is shown (older work is skipped or dropped).
 */
public final class TrafficViewModel {
    /** Distinct requests kept; more are counted, not shown. */
    public static final int MAX_DISTINCT = 250_000;

    private final DialogService dialogs;
    private final ObjectProperty<Engine> engine;
    private final Workbench edited;
    private final Executor background;
    private final Executor ui;
    private final Consumer<List<Proposal>> propose;
    private final ObservableList<TrafficRow> rows = FXCollections.observableArrayList();
    private final ObservableList<Message> impact = FXCollections.observableArrayList();
    private final ObjectProperty<UiText> summary = new SimpleObjectProperty<>(UiText.of("traffic.none"));
    private final ObjectProperty<UiText> status = new SimpleObjectProperty<>();
    private final ObjectProperty<TrafficChanges> changes = new SimpleObjectProperty<>();
    private final StringProperty url = new SimpleStringProperty("http://127.0.0.1:15000");
    private final StringProperty from = new SimpleStringProperty("");
    private final BooleanProperty following = new SimpleBooleanProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    /** Bumped by every request to decide again; work for an older value is not shown. */
    private final AtomicLong generation = new AtomicLong();

    private final TrafficDecider decider = new TrafficDecider();
    private List<Manifest> current = List.of();
    private LoadedTraffic traffic;
    private DecisionFeed feed;
    private TrafficFollower follower;

    /**
     * @param edited  the workspace's workbench (the set as edited, shared with validation and simulation)
     * @param propose given the proposals learned from traffic, on the ui thread, to add to the workspace
     */
    TrafficViewModel(
            DialogService dialogs,
            ObjectProperty<Engine> engine,
            Workbench edited,
            Executor background,
            Executor ui,
            Consumer<List<Proposal>> propose) {
        this.dialogs = dialogs;
        this.engine = engine;
        this.edited = edited;
        this.background = background;
        this.ui = ui;
        this.propose = propose;
    }

    /** Asks for traffic files and loads them. */
    public CompletableFuture<Void> load() {
        List<Path> files = dialogs.chooseFiles(UiText.of("traffic.dialog"));
        return files.isEmpty() ? CompletableFuture.completedFuture(null) : load(files);
    }

    /**
     * Reads traffic files (any recorded format, gzip or not) in place of what was loaded or followed; unreadable
     * lines are counted and shown, never fatal. Completes when the traffic is read and decided.
     */
    public CompletableFuture<Void> load(List<Path> files) {
        stopFollowing();
        Identity envoyFrom = envoyClient();
        busy.set(true);
        summary.set(
                UiText.of("traffic.loading", files.size() == 1 ? files.get(0).getFileName() : files.size()));
        return CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return LoadedTraffic.read(files, null, envoyFrom, MAX_DISTINCT);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        },
                        background)
                .handleAsync(
                        (t, e) -> {
                            busy.set(false);
                            if (e != null) {
                                summary.set(UiText.of("traffic.loadFailed", cause(e)));
                                return null;
                            }
                            use(t);
                            return null;
                        },
                        ui)
                .thenCompose(x -> lastDecided);
    }

    /** The client of Envoy access logs (which name none), from the From field; null when it is empty or invalid. */
    private Identity envoyClient() {
        String text = from.get() == null ? "" : from.get().trim();
        try {
            return text.isEmpty() ? null : Identity.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Follows the enforcer at {@link #urlProperty()}: its recent decisions, and every new one, become the traffic. */
    public void follow() {
        stopFollowing();
        URI admin;
        try {
            admin = URI.create(url.get().trim());
            feed = new DecisionFeed(admin, new LoadedTraffic(MAX_DISTINCT));
        } catch (IllegalArgumentException e) {
            summary.set(UiText.of("traffic.badUrl", url.get()));
            return;
        }
        use(feed.traffic());
        following.set(true);
        summary.set(UiText.of("traffic.following", admin));
        follower = TrafficFollower.start(
                feed,
                error -> ui.execute(() -> {
                    if (following.get()) {
                        summary.set(error == null ? counts(traffic) : UiText.of("traffic.followFailed", admin, error));
                        decide();
                    }
                }));
    }

    public void stopFollowing() {
        if (follower != null) {
            follower.close();
            follower = null;
        }
        feed = null;
        following.set(false);
    }

    private void use(LoadedTraffic t) {
        traffic = t;
        decider.forget();
        summary.set(counts(t));
        decide();
    }

    private static UiText counts(LoadedTraffic t) {
        return t.notKept() > 0
                ? UiText.of("traffic.loadedNotKept", t.total(), t.distinct(), t.unreadable(), t.notKept())
                : UiText.of("traffic.loaded", t.total(), t.distinct(), t.unreadable());
    }

    /** The workspace changed (an edit, undo, open, engine): decide the traffic again under it. */
    public CompletableFuture<Void> edited(List<Manifest> manifests) {
        current = manifests;
        return decide();
    }

    /** The workspace was opened, saved or deployed as {@code manifests}: changes are counted from here. */
    public void baseline(List<Manifest> manifests) {
        decider.baseline(manifests);
    }

    private CompletableFuture<Void> lastDecided = CompletableFuture.completedFuture(null);

    /** Decides the loaded traffic under the current set and the baseline, off this thread; the latest call wins. */
    private CompletableFuture<Void> decide() {
        LoadedTraffic t = traffic;
        if (t == null) {
            return CompletableFuture.completedFuture(null);
        }
        long gen = generation.incrementAndGet();
        Workbench.Snapshot now = edited.sync(current);
        Workbench.Snapshot base = decider.baseline();
        Engine e = engine.get();
        CompletableFuture<Void> done = new CompletableFuture<>();
        lastDecided = done;
        background.execute(() -> {
            if (generation.get() != gen) {
                done.complete(null); // a later edit is queued: its result is the one to show
                return;
            }
            try {
                TrafficChanges c = decider.changes(t, now, base, e);
                List<TrafficRow> shown = rows(c);
                ui.execute(() -> {
                    if (generation.get() == gen) {
                        show(c, shown);
                    }
                    done.complete(null);
                });
            } catch (RuntimeException x) {
                ui.execute(() -> {
                    status.set(UiText.of("traffic.decideFailed", cause(x)));
                    done.complete(null);
                });
            }
        });
        return done;
    }

    /** Rows with a change first (as the changes list them, most severe first), then the rest as first seen. */
    private static List<TrafficRow> rows(TrafficChanges c) {
        int n = c.current().size();
        List<TrafficRow> changed = new ArrayList<>();
        List<TrafficRow> rest = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            (c.kind(i) != null ? changed : rest).add(new TrafficRow(c, i));
        }
        changed.sort(java.util.Comparator.comparing(TrafficRow::change).thenComparingLong(r -> -r.count()));
        changed.addAll(rest);
        return changed;
    }

    /** Shows a comparison; {@link #changesProperty()} changes last, so its listeners see the rows and impact. */
    private void show(TrafficChanges c, List<TrafficRow> shown) {
        if (!following.get() && traffic != null) {
            summary.set(counts(traffic));
        }
        rows.setAll(shown);
        impact.setAll(c.summary());
        changes.set(c);
    }

    /**
     * Runs {@code egress learn} over the loaded traffic (the workspace's engine, routes by prefix, /32 addresses)
     * and hands the proposals to the workspace, which adds them unsaved, each marked new.
     */
    public CompletableFuture<List<Proposal>> proposeFromTraffic() {
        LoadedTraffic t = traffic;
        if (t == null || busy.get()) {
            return CompletableFuture.completedFuture(List.of());
        }
        Engine e = engine.get();
        busy.set(true);
        status.set(UiText.of("traffic.proposing", t.distinct()));
        return CompletableFuture.supplyAsync(() -> learn(t, e), background)
                .handleAsync(
                        (learned, x) -> {
                            busy.set(false);
                            if (x != null) {
                                status.set(UiText.of("traffic.proposeFailed", cause(x)));
                                return List.<Proposal>of();
                            }
                            if (learned.proposals().isEmpty()) {
                                status.set(UiText.of("traffic.proposedNone"));
                            } else {
                                status.set(UiText.of(
                                        "traffic.proposed", learned.proposals().size(), learned.allowedRequests()));
                                propose.accept(learned.proposals());
                            }
                            return learned.proposals();
                        },
                        ui);
    }

    /** Every recorded request, each distinct one as often as it was seen, first and last seen as recorded. */
    static Learned learn(LoadedTraffic t, Engine engine) {
        Learner learner = new Learner(engine, RouteMode.PREFIX, 32);
        for (LoadedTraffic.Observed o : t.observed()) {
            RecordedRequest r = o.sample();
            learner.accept(at(r, o.firstSeen()));
            for (long k = 1; k < o.count(); k++) {
                learner.accept(at(r, o.lastSeen()));
            }
        }
        return learner.learn();
    }

    private static RecordedRequest at(RecordedRequest r, long time) {
        return new RecordedRequest(r.file(), r.line(), r.format(), r.request(), time, r.recorded(), r.policy());
    }

    /**
     * What deploying {@code after} over {@code before} does to the loaded traffic; null when none is loaded. Blocks:
     * call it off the FX thread.
     */
    public TrafficChanges impactOf(List<Manifest> before, List<Manifest> after) {
        LoadedTraffic t = traffic;
        if (t == null) {
            return null;
        }
        return TrafficDecider.impact(t, before, after, engine.get());
    }

    private static String cause(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.io.UncheckedIOException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Whether traffic is loaded (or followed). */
    public boolean loaded() {
        return traffic != null;
    }

    /** Every distinct request, changed ones first. */
    public ObservableList<TrafficRow> rows() {
        return rows;
    }

    /** The impact of the edits since the last save or deploy, one line per kind of change. */
    public ObservableList<Message> impact() {
        return impact;
    }

    /** The last comparison: the traffic decided as edited, against the baseline. */
    public ObjectProperty<TrafficChanges> changesProperty() {
        return changes;
    }

    /** What is loaded: requests, distinct ones, unreadable lines; or why nothing is. */
    public ObjectProperty<UiText> summaryProperty() {
        return summary;
    }

    /** The outcome of the last command (proposing, a failure to decide); null for none. */
    public ObjectProperty<UiText> statusProperty() {
        return status;
    }

    /** The enforcer's admin address to follow. */
    public StringProperty urlProperty() {
        return url;
    }

    /** The client of Envoy access logs ({@code namespace/serviceaccount}), which name none. */
    public StringProperty fromProperty() {
        return from;
    }

    public BooleanProperty followingProperty() {
        return following;
    }

    /** True while loading or learning. */
    public BooleanProperty busyProperty() {
        return busy;
    }
}
