package egress.server.api;

import egress.cluster.deploy.Action;
import egress.cluster.deploy.Change;
import egress.cluster.deploy.ClusterImport;
import egress.cluster.deploy.DeployEvent;
import egress.cluster.deploy.DeployJournal;
import egress.cluster.deploy.DeployOptions;
import egress.cluster.deploy.DeployResult;
import egress.cluster.deploy.DeployService;
import egress.cluster.deploy.Plan;
import egress.cluster.kube.ClusterConnection;
import egress.policy.model.Engine;
import egress.policy.validate.Report;
import egress.policy.validate.Validator;
import egress.policy.yaml.Manifest;
import egress.server.workspace.Workspace;
import egress.simulator.traffic.TrafficChanges;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cluster: which one, import from it, diff against it, deploy to it (dry run, or applied in the background). */
final class ClusterController implements AutoCloseable {
    private static final Logger logger = LoggerFactory.getLogger(ClusterController.class);

    record ContextView(String context, String server, String namespace, boolean embedded) {}

    record ChangeView(String action, String kind, String namespace, String name, List<String> fields) {
        static ChangeView of(Change c) {
            return new ChangeView(
                    c.action().name().toLowerCase(),
                    c.key().kind(),
                    c.key().namespace(),
                    c.key().name(),
                    c.changedFields());
        }
    }

    /** {@code impact}: what the deploy does to the loaded traffic (null when none is loaded). */
    record PlanView(
            Boolean egressPolicyEnabled,
            Map<String, Long> counts,
            List<ChangeView> changes,
            List<String> skipped,
            TrafficController.ImpactView impact) {
        static PlanView of(Plan p) {
            return of(p, null);
        }

        static PlanView of(Plan p, TrafficController.ImpactView impact) {
            return new PlanView(
                    p.egressPolicyEnabled(),
                    Map.of(
                            "create",
                            p.count(Action.CREATE),
                            "update",
                            p.count(Action.UPDATE),
                            "delete",
                            p.count(Action.DELETE),
                            "unchanged",
                            p.count(Action.UNCHANGED)),
                    p.changes().stream().map(ChangeView::of).toList(),
                    p.skipped(),
                    impact);
        }
    }

    record JobView(
            String id,
            String state,
            String outcome,
            String failure,
            PlanView plan,
            List<DeployEvent> events,
            String eventsUrl) {
        static JobView of(DeployJob job) {
            DeployResult r = job.result();
            return new JobView(
                    job.id(),
                    r == null ? "running" : "done",
                    r == null ? null : r.outcome().name().toLowerCase(),
                    r == null ? null : r.failure(),
                    r == null || r.plan() == null ? null : PlanView.of(r.plan()),
                    job.events(),
                    "/api/cluster/deploys/" + job.id() + "/events");
        }
    }

    /** An interrupted deploy, as {@code GET /api/cluster/journal} shows it. */
    record JournalView(String server, String startedAt, long pid, int changes, String description) {
        static JournalView of(DeployJournal.Entry e) {
            return new JournalView(
                    e.server(), e.startedAt().toString(), e.pid(), e.changes().size(), e.describe());
        }
    }

    /** How long closing waits for a running deploy to roll back before the client is closed. */
    static final Duration STOP_TIMEOUT = Duration.ofMinutes(5);

    private final Workspace workspace;
    private final ClusterConnection cluster;
    private final DeployService deployer;
    private final Map<String, DeployJob> jobs = new ConcurrentHashMap<>();
    private final AtomicReference<DeployJob> running = new AtomicReference<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "deploy");
        t.setDaemon(true);
        return t;
    });

    ClusterController(Workspace workspace, ClusterConnection cluster) {
        this.workspace = workspace;
        this.cluster = cluster;
        this.deployer = new DeployService(cluster.client());
    }

    void register(RoutesConfig routes) {
        routes.get(
                "/api/cluster",
                ctx -> ctx.json(
                        new ContextView(cluster.context(), cluster.server(), cluster.namespace(), cluster.embedded())));
        routes.get("/api/cluster/serviceaccounts", this::serviceAccounts);
        routes.post("/api/cluster/import", this::importFromCluster);
        routes.get(
                "/api/cluster/diff",
                ctx -> ctx.json(PlanView.of(
                        deployer.plan(workspace.all(), !"false".equals(ctx.queryParam("prune"))),
                        impact(ctx, TrafficController.engine(ctx)))));
        routes.post("/api/cluster/deploy", this::deploy);
        routes.get("/api/cluster/deploys/{id}", ctx -> ctx.json(JobView.of(job(ctx.pathParam("id")))));
        routes.get(
                "/api/cluster/journal",
                ctx -> ctx.json(Map.of(
                        "journal",
                        deployer.unfinished().<Object>map(JournalView::of).orElse(Map.of()))));
        routes.post("/api/cluster/journal/resume", ctx -> recover(ctx, false));
        routes.post("/api/cluster/journal/rollback", ctx -> recover(ctx, true));
        routes.sse("/api/cluster/deploys/{id}/events", this::events);
    }

    /** The cluster's service accounts as {@code namespace/name}, sorted: the sources an Egress can name. */
    private void serviceAccounts(Context ctx) {
        ctx.json(cluster.client().serviceAccounts().inAnyNamespace().list().getItems().stream()
                .map(sa ->
                        sa.getMetadata().getNamespace() + "/" + sa.getMetadata().getName())
                .sorted()
                .toList());
    }

    private void importFromCluster(Context ctx) {
        List<Manifest> read = ClusterImport.read(cluster.client());
        read.forEach(workspace::put);
        ctx.json(Map.of("imported", read.size()));
    }

    /** Body {dryRun, enableEgressPolicy, prune, engine}: a dry run answers the plan; an apply starts a job (202). */
    private void deploy(Context ctx) {
        Map<String, Object> body = ctx.body().isBlank() ? Map.of() : Bodies.object(ctx);
        DeployOptions options = new DeployOptions(
                Bodies.flag(body, "dryRun", true),
                Bodies.flag(body, "enableEgressPolicy", false),
                Bodies.flag(body, "prune", true),
                CheckController.engine(Bodies.string(body, "engine", false), "engine"));
        List<Manifest> manifests = workspace.all();
        Report report = Validator.validate(manifests, options.engine());
        if (report.hasErrors()) {
            throw new ApiException(
                    400,
                    "invalid-workspace",
                    "The workspace has errors; nothing was deployed",
                    report.errors().stream().map(ProblemDetail::of).toList());
        }
        if (options.dryRun()) {
            DeployResult r = deployer.deploy(manifests, options, e -> {});
            Engine engine = options.engine() == null ? Engine.OSM : options.engine();
            ctx.json(Map.of(
                    "outcome",
                    r.outcome().name().toLowerCase(),
                    "plan",
                    PlanView.of(r.plan(), impact(ctx, engine)),
                    "warnings",
                    r.report().warnings().size()));
            return;
        }
        refuseWhileUnfinished();
        DeployJob job = new DeployJob(UUID.randomUUID().toString());
        if (!running.compareAndSet(null, job)) {
            throw new ApiException(
                    409,
                    "deploy-running",
                    "Another deploy is running",
                    List.of(ProblemDetail.field("id", running.get().id())));
        }
        jobs.put(job.id(), job);
        executor.execute(() -> {
            try {
                DeployResult r = deployer.deploy(manifests, options, job);
                if (r.outcome() == DeployResult.Outcome.APPLIED) {
                    workspace.traffic().markBaseline(manifests); // the traffic view shows changes since this deploy
                }
                job.finish(r);
            } catch (RuntimeException e) {
                logger.error("deploy {} could not run: {}", job.id(), e.getMessage());
                job.finish(new DeployResult(
                        DeployResult.Outcome.ROLLBACK_INCOMPLETE, report, null, job.events(), e.getMessage()));
            } finally {
                running.set(null);
            }
        });
        ctx.status(202).json(JobView.of(job));
    }

    /** What deploying the workspace over the cluster's objects does to the loaded traffic; null when none is loaded. */
    private TrafficController.ImpactView impact(Context ctx, Engine engine) {
        if (workspace.traffic().traffic().distinct() == 0) {
            return null;
        }
        long started = System.nanoTime();
        TrafficChanges c = workspace.traffic().changesOver(ClusterImport.read(cluster.client()), engine, true);
        return TrafficController.ImpactView.of(c, CheckController.language(ctx), (System.nanoTime() - started) / 1e6);
    }

    private void refuseWhileUnfinished() {
        deployer.unfinished().ifPresent(e -> {
            throw new ApiException(
                    409,
                    "interrupted-deploy",
                    "An interrupted deploy must be finished or rolled " + "back first",
                    List.of(ProblemDetail.field(
                            "journal",
                            e.describe() + "; POST "
                                    + "/api/cluster/journal/resume or /api/cluster/journal/rollback")));
        });
    }

    /** Finishes or rolls back the interrupted deploy, in this request: 200 with how it ended, 404 when none. */
    private void recover(Context ctx, boolean rollBack) {
        if (deployer.unfinished().isEmpty()) {
            throw ApiException.notFound("No interrupted deploy");
        }
        DeployJob job = new DeployJob(UUID.randomUUID().toString());
        if (!running.compareAndSet(null, job)) {
            throw new ApiException(
                    409,
                    "deploy-running",
                    "Another deploy is running",
                    List.of(ProblemDetail.field("id", running.get().id())));
        }
        try {
            DeployResult r = deployer.recover(rollBack, job);
            job.finish(r);
            jobs.put(job.id(), job);
            ctx.json(JobView.of(job));
        } finally {
            running.set(null);
        }
    }

    /** Every event of the job from the first, then the live ones; the stream ends after the DONE event. */
    private void events(SseClient client) {
        DeployJob job = job(client.ctx().pathParam("id"));
        try {
            for (int i = 0; !client.terminated(); i++) {
                DeployEvent e = job.await(i, 60_000);
                if (e == null) {
                    break;
                }
                client.sendEvent(e.type().name().toLowerCase(), e, String.valueOf(i));
                if (e.type() == DeployEvent.Type.DONE) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }

    private DeployJob job(String id) {
        DeployJob job = jobs.get(id);
        if (job == null) {
            throw ApiException.notFound("No deploy " + id);
        }
        return job;
    }

    /**
     * Stops: a running deploy stops before its next write and rolls back, and this waits for that before the
     * caller closes the client (a deploy cut off there could not undo anything).
     */
    @Override
    public void close() {
        try {
            if (!deployer.stop(STOP_TIMEOUT)) {
                logger.error("a deploy did not roll back within {}; its journal stays", STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdown();
    }
}
