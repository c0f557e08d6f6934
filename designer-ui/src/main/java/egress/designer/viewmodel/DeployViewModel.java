package egress.designer.viewmodel;

import egress.policy.i18n.Message;
import egress.policy.model.Egress;
import egress.policy.model.HttpRouteGroup;
import egress.policy.model.UpstreamTrafficSetting;
import egress.policy.yaml.Manifest;
import egress.simulator.traffic.TrafficChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Deploying the workspace through a {@link Deployer} (the cluster module's DeployService): the target, the plan
 * (what would change, field by field), progress while applying, and the result. Without a deployer, deploy is
 * shown but unavailable; this class never deploys by itself.
 *
 * <p>Calls come from one thread (the FX thread in the app). The deployer's blocking work runs on
 * {@code background}; every change to this view-model's state is handed to {@code ui} (Platform.runLater in the
 * app, the calling thread in tests). The futures returned complete after the state is updated.
 */
public final class DeployViewModel {
    private final Deployer deployer;
    private final DialogService dialogs;
    private final Supplier<List<Manifest>> workspace;
    private final Executor background;
    private final Executor ui;
    private final BooleanProperty available = new SimpleBooleanProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty target = new SimpleStringProperty("");
    private final ObservableList<String> targets = FXCollections.observableArrayList();
    private final ObjectProperty<Deployer.Plan> plan = new SimpleObjectProperty<>();
    private final ObservableList<Deployer.Change> changes = FXCollections.observableArrayList();
    private final ObservableList<String> errors = FXCollections.observableArrayList();
    private final ObservableList<String> skipped = FXCollections.observableArrayList();
    private final ObservableList<UiText> log = FXCollections.observableArrayList();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final ObjectProperty<UiText> step = new SimpleObjectProperty<>();
    private final ObjectProperty<Deployer.Result> result = new SimpleObjectProperty<>();
    private final ObjectProperty<UiText> summary = new SimpleObjectProperty<>(UiText.of("deploy.none"));
    private final BooleanBinding canApply;
    private final TrafficViewModel traffic;
    private final ObservableList<Message> impact = FXCollections.observableArrayList();
    private final ObjectProperty<UiText> impactStatus = new SimpleObjectProperty<>(UiText.of("deploy.impact.none"));
    private final ObjectProperty<TrafficChanges> impactChanges = new SimpleObjectProperty<>();

    /** A view-model without a deploy service: deploy is unavailable. */
    public DeployViewModel() {
        this(null, null, List::of, Runnable::run, Runnable::run);
    }

    /** A view-model that shows no impact on traffic. */
    public DeployViewModel(
            Deployer deployer,
            DialogService dialogs,
            Supplier<List<Manifest>> workspace,
            Executor background,
            Executor ui) {
        this(deployer, dialogs, workspace, background, ui, null);
    }

    /**
     * @param deployer   null when this build has no deploy service
     * @param dialogs    asks whether to switch enableEgressPolicy on
     * @param workspace  the manifests to deploy, read on the calling thread when planning
     * @param background where the deployer's blocking calls run
     * @param ui         where state changes are made
     * @param traffic    the loaded traffic, decided under the target's objects and the workspace's beside each plan
     *                   (null: no impact shown)
     */
    public DeployViewModel(
            Deployer deployer,
            DialogService dialogs,
            Supplier<List<Manifest>> workspace,
            Executor background,
            Executor ui,
            TrafficViewModel traffic) {
        this.traffic = traffic;
        this.deployer = deployer;
        this.dialogs = dialogs;
        this.workspace = workspace;
        this.background = background;
        this.ui = ui;
        available.set(deployer != null);
        if (deployer != null) {
            targets.setAll(deployer.targets());
            target.set(targets.isEmpty() ? "" : targets.get(0));
        }
        target.addListener((o, was, now) -> clearPlan());
        canApply = Bindings.createBooleanBinding(
                () -> !busy.get()
                        && plan.get() != null
                        && plan.get().errors().isEmpty()
                        && plan.get().writes()
                        && result.get() == null,
                busy,
                plan,
                result);
    }

    /** Works out, off this thread, what deploying the workspace would change on the chosen target. */
    public CompletableFuture<Deployer.Plan> plan() {
        if (deployer == null || busy.get()) {
            return CompletableFuture.completedFuture(plan.get());
        }
        String on = target.get();
        List<Manifest> manifests = List.copyOf(workspace.get());
        clearPlan();
        busy.set(true);
        progress.set(-1);
        summary.set(UiText.of("deploy.planning", on));
        return CompletableFuture.supplyAsync(() -> deployer.plan(on, manifests), background)
                .handleAsync(
                        (p, e) -> {
                            busy.set(false);
                            progress.set(0);
                            if (e != null) {
                                summary.set(UiText.of("deploy.unreachable", on, cause(e)));
                                return null;
                            }
                            plan.set(p);
                            changes.setAll(p.changes());
                            errors.setAll(p.errors());
                            skipped.setAll(p.skipped());
                            summary.set(planSummary(p));
                            return p;
                        },
                        ui)
                .thenCompose(this::impact);
    }

    /**
     * Decides the loaded traffic under what the target holds now (the workspace's other objects beside the target's
     * Egresses, route groups and traffic settings) and under the plan's manifests, off this thread.
     */
    private CompletableFuture<Deployer.Plan> impact(Deployer.Plan p) {
        if (p == null || traffic == null || !traffic.loaded() || !p.errors().isEmpty()) {
            impactStatus.set(UiText.of("deploy.impact.none"));
            return CompletableFuture.completedFuture(p);
        }
        if (p.deployed() == null) {
            impactStatus.set(UiText.of("deploy.impact.unknown"));
            return CompletableFuture.completedFuture(p);
        }
        List<Manifest> before = new ArrayList<>();
        p.manifests().stream().filter(m -> !DEPLOYED_KINDS.contains(m.kind())).forEach(before::add);
        before.addAll(p.deployed());
        impactStatus.set(UiText.of("deploy.impact.computing"));
        return CompletableFuture.supplyAsync(() -> traffic.impactOf(before, p.manifests()), background)
                .handleAsync(
                        (c, e) -> {
                            if (plan.get() != p) {
                                return p; // another plan since: its own impact is coming
                            }
                            if (e != null || c == null) {
                                impactStatus.set(
                                        e == null
                                                ? UiText.of("deploy.impact.none")
                                                : UiText.of("traffic.decideFailed", cause(e)));
                                return p;
                            }
                            impactChanges.set(c);
                            impact.setAll(c.any() ? c.summary() : List.of());
                            impactStatus.set(
                                    c.any()
                                            ? null
                                            : UiText.of(
                                                    "deploy.impact.unchanged",
                                                    c.current().size()));
                            return p;
                        },
                        ui);
    }

    /** The kinds a deploy writes: what the target holds of these replaces the workspace's in "before". */
    private static final java.util.Set<String> DEPLOYED_KINDS =
            java.util.Set.of(Egress.KIND, HttpRouteGroup.KIND, UpstreamTrafficSetting.KIND);

    /**
     * Applies the last plan, off this thread, after asking (on this thread) whether to switch enableEgressPolicy
     * on when the target has it off. Progress arrives step by step; the future completes with the result.
     */
    public CompletableFuture<Deployer.Result> apply() {
        Deployer.Plan p = plan.get();
        if (deployer == null || p == null || busy.get()) {
            return CompletableFuture.completedFuture(result.get());
        }
        boolean enable = Boolean.FALSE.equals(p.egressPolicyEnabled())
                && p.errors().isEmpty()
                && dialogs.confirm(UiText.of("deploy.askEnableEgressPolicy", p.target()));
        busy.set(true);
        result.set(null);
        log.clear();
        progress.set(0);
        step.set(null);
        summary.set(UiText.of("deploy.applying", p.target()));
        return CompletableFuture.supplyAsync(
                        () -> deployer.apply(p, enable, s -> ui.execute(() -> advance(s))), background)
                .exceptionally(e -> Deployer.Result.failed(cause(e)))
                .thenApplyAsync(
                        r -> {
                            finish(p, r);
                            return r;
                        },
                        ui);
    }

    private void advance(Deployer.Progress s) {
        if (s.done() > 0 && s.total() > 0) {
            progress.set((double) s.done() / s.total());
        }
        step.set(s.step());
        log.add(s.step());
    }

    private void finish(Deployer.Plan p, Deployer.Result r) {
        busy.set(false);
        errors.setAll(r.errors());
        result.set(r);
        if (r.outcome() == Deployer.Outcome.APPLIED) {
            progress.set(1);
        }
        summary.set(
                switch (r.outcome()) {
                    case APPLIED -> UiText.of("deploy.result.applied", p.target(), r.applied());
                    case REJECTED ->
                        UiText.of("deploy.result.rejected", r.errors().size());
                    case ROLLED_BACK ->
                        UiText.of(
                                "deploy.result.rolledBack",
                                r.failure(),
                                r.undone().size());
                    case ROLLBACK_INCOMPLETE -> UiText.of("deploy.result.rollbackIncomplete", r.failure());
                    case FAILED -> UiText.of("deploy.result.failed", r.failure());
                });
    }

    private void clearPlan() {
        plan.set(null);
        impact.clear();
        impactChanges.set(null);
        impactStatus.set(UiText.of("deploy.impact.none"));
        changes.clear();
        errors.clear();
        skipped.clear();
        log.clear();
        result.set(null);
        step.set(null);
        progress.set(0);
        summary.set(UiText.of("deploy.none"));
    }

    private static UiText planSummary(Deployer.Plan p) {
        if (!p.errors().isEmpty()) {
            return UiText.of("deploy.plan.errors", p.target(), p.errors().size());
        }
        return UiText.of(
                "deploy.plan.summary",
                p.target(),
                p.count(Deployer.Action.CREATE),
                p.count(Deployer.Action.UPDATE),
                p.count(Deployer.Action.DELETE),
                p.count(Deployer.Action.UNCHANGED));
    }

    private static String cause(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    public BooleanProperty availableProperty() {
        return available;
    }

    /** True while planning or applying. */
    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanBinding canApplyProperty() {
        return canApply;
    }

    public StringProperty targetProperty() {
        return target;
    }

    public ObservableList<String> targets() {
        return targets;
    }

    public ObjectProperty<Deployer.Plan> planProperty() {
        return plan;
    }

    /** The last plan's changes, object by object. */
    public ObservableList<Deployer.Change> changes() {
        return changes;
    }

    /** Validation errors of the last plan or apply: while there are any, nothing is applied. */
    public ObservableList<String> errors() {
        return errors;
    }

    /** Workspace objects the last plan does not deploy, with the reason (in English, from the deploy service). */
    public ObservableList<String> skipped() {
        return skipped;
    }

    /** Every step of the last apply, and of its rollback. */
    public ObservableList<UiText> log() {
        return log;
    }

    /** 0 to 1 while applying; -1 (indeterminate) while planning. */
    public DoubleProperty progressProperty() {
        return progress;
    }

    public ObjectProperty<UiText> stepProperty() {
        return step;
    }

    public ObjectProperty<Deployer.Result> resultProperty() {
        return result;
    }

    /** The last plan's impact on the loaded traffic, one line per kind of change; empty when none. */
    public ObservableList<Message> impact() {
        return impact;
    }

    /** Why no impact is shown (no traffic, computing, nothing changes, unknown); null when it is. */
    public ObjectProperty<UiText> impactStatusProperty() {
        return impactStatus;
    }

    /** The last plan's impact on the loaded traffic with its groups; null when none. */
    public ObjectProperty<TrafficChanges> impactChangesProperty() {
        return impactChanges;
    }

    /** One line on where things stand: the plan's counts, the progress or the result. */
    public ObjectProperty<UiText> summaryProperty() {
        return summary;
    }
}
