package egress.designer.app;

import egress.cluster.deploy.DeployEvent;
import egress.cluster.deploy.DeployOptions;
import egress.cluster.deploy.DeployResult;
import egress.cluster.deploy.DeployService;
import egress.cluster.kube.ClusterConnection;
import egress.designer.viewmodel.Deployer;
import egress.designer.viewmodel.UiText;
import egress.policy.model.Engine;
import egress.policy.validate.Diagnostic;
import egress.policy.yaml.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The designer's {@link Deployer}: the cluster module's {@link DeployService}, the one deploy implementation the
 * HTTP API and {@code egress deploy} use too. Plans are the service's dry runs (validation, then the diff);
 * applies are its deploys, with osm's lint, pruning of what an earlier deploy wrote, and rollback on failure.
 *
 * <p>Targets: {@value #EMBEDDED} (see {@link DesktopCluster} for what that is in the app) and every context of the
 * kubeconfig. Connections are opened on first use and kept until {@link #close()}.
 */
public final class ServiceDeployer implements Deployer, AutoCloseable {
    public static final String EMBEDDED = "embedded";
    private final Supplier<ClusterConnection> embedded;
    private final KubeContexts contexts;
    private final Map<String, ClusterConnection> open = new HashMap<>();

    /**
     * @param embedded   the embedded cluster's connection, asked for on first use of {@value #EMBEDDED}; closed
     *                   with this deployer when it is {@link AutoCloseable}
     * @param kubeconfig the kubeconfig whose contexts are targets (null: {@code $KUBECONFIG} or ~/.kube/config)
     */
    public ServiceDeployer(Supplier<ClusterConnection> embedded, Path kubeconfig) {
        this.embedded = embedded;
        this.contexts = new KubeContexts(kubeconfig);
    }

    /** The app's deployer: {@link DesktopCluster} and the user's kubeconfig. */
    public static ServiceDeployer desktop() {
        return new ServiceDeployer(new DesktopCluster(), null);
    }

    @Override
    public List<String> targets() {
        List<String> all = new ArrayList<>();
        all.add(EMBEDDED);
        contexts.names().stream().filter(n -> !n.equals(EMBEDDED)).forEach(all::add);
        return all;
    }

    @Override
    public Deployer.Plan plan(String target, List<Manifest> manifests) {
        DeployResult r = service(target).deploy(manifests, new DeployOptions(true, false, true, Engine.OSM), e -> {});
        if (r.outcome() == DeployResult.Outcome.REJECTED) {
            return new Deployer.Plan(target, List.of(), errors(r), List.of(), null, manifests);
        }
        egress.cluster.deploy.Plan p = r.plan();
        List<Deployer.Change> changes =
                p.changes().stream().map(ServiceDeployer::change).toList();
        List<String> skipped = new ArrayList<>(p.skipped());
        skipped.addAll(shadowed(manifests));
        // what the target holds now of the kinds a deploy writes: the live side of every change but a create
        List<Manifest> deployed = p.changes().stream()
                .filter(c -> c.live() != null)
                .map(c -> Manifest.of(c.live()))
                .toList();
        return new Deployer.Plan(target, changes, List.of(), skipped, p.egressPolicyEnabled(), manifests, deployed);
    }

    /**
     * Objects the workspace has more than one version of (the samples folder has two of Egress curl/httpbin-80):
     * the deploy writes the last one read, and says here which ones it does not write.
     */
    static List<String> shadowed(List<Manifest> manifests) {
        Map<String, Manifest> last = new LinkedHashMap<>();
        for (Manifest m : manifests) {
            if (!"EgressTest".equals(m.kind())) {
                last.put(m.apiVersion() + " " + m.kind() + " " + m.namespace() + " " + m.name(), m);
            }
        }
        List<String> out = new ArrayList<>();
        for (Manifest m : manifests) {
            Manifest winner = last.get(m.apiVersion() + " " + m.kind() + " " + m.namespace() + " " + m.name());
            if (winner != null && winner != m) {
                out.add(m.kind() + " " + (m.namespace() == null ? "" : m.namespace() + "/") + m.name() + " from "
                        + fileName(m.source()) + ": not deployed; " + fileName(winner.source())
                        + " has another version of it, which is");
            }
        }
        return out;
    }

    private static String fileName(String source) {
        Path p = source == null ? null : Path.of(source).getFileName();
        return p == null ? String.valueOf(source) : p.toString();
    }

    @Override
    public Result apply(Deployer.Plan plan, boolean enableEgressPolicy, Consumer<Progress> progress) {
        List<UiText> undone = new ArrayList<>();
        DeployResult r = service(plan.target())
                .deploy(plan.manifests(), new DeployOptions(false, enableEgressPolicy, true, Engine.OSM), e -> {
                    UiText step = step(e);
                    if (step != null) {
                        if (e.type() == DeployEvent.Type.ROLLED_BACK) {
                            undone.add(step);
                        }
                        progress.accept(new Progress(
                                e.type() == DeployEvent.Type.ROLLED_BACK ? 0 : e.index(), e.total(), step));
                    }
                });
        return switch (r.outcome()) {
            case APPLIED -> new Result(Outcome.APPLIED, r.plan().writes().size(), List.of(), null, undone);
            case REJECTED -> new Result(Outcome.REJECTED, 0, errors(r), r.failure(), undone);
            case ROLLED_BACK -> new Result(Outcome.ROLLED_BACK, 0, List.of(), r.failure(), undone);
            case ROLLBACK_INCOMPLETE -> new Result(Outcome.ROLLBACK_INCOMPLETE, 0, List.of(), r.failure(), undone);
            case UNFINISHED -> Result.failed(r.failure());
            case PLANNED -> throw new IllegalStateException("a deploy that is not a dry run ended as planned");
        };
    }

    /** The progress line of an event; null for the final one (the result says how it ended). */
    static UiText step(DeployEvent e) {
        String object = e.key() == null ? "" : e.key().describe();
        String action = e.action() == null ? "" : e.action().name().toLowerCase(Locale.ROOT);
        return switch (e.type()) {
            case APPLIED -> UiText.of("deploy.event." + action, object);
            case MESH_CONFIG -> UiText.of("deploy.event.meshConfig");
            case FAILED -> UiText.of("deploy.event.failed", e.message());
            case ROLLED_BACK ->
                e.key() == null
                        ? UiText.of("deploy.event.undo.meshConfig")
                        : UiText.of("deploy.event.undo." + action, object);
            case DONE -> null;
        };
    }

    private static Deployer.Change change(egress.cluster.deploy.Change c) {
        return new Deployer.Change(
                Deployer.Action.valueOf(c.action().name()), c.key().describe(), c.changedFields());
    }

    private static List<String> errors(DeployResult r) {
        return r.report().errors().stream().map(ServiceDeployer::error).toList();
    }

    /** {@code egress-httpbin-80.yaml:15  Egress curl/httpbin-80  EGR101 spec.ports[0].number: ...}. */
    static String error(Diagnostic d) {
        return (d.source() == null
                        ? ""
                        : fileName(d.source()) + ":" + d.position().line() + "  ") + d.object() + "  " + d.code() + " "
                + d.text();
    }

    // Deployer.Plan and Deployer.Change shadow cluster's classes of the same name, written out in full here

    private DeployService service(String target) {
        return new DeployService(connection(target).client());
    }

    private synchronized ClusterConnection connection(String target) {
        ClusterConnection c = open.get(target);
        if (c == null) {
            c = EMBEDDED.equals(target) ? embedded.get() : contexts.open(target);
            open.put(target, c);
        }
        return c;
    }

    @Override
    public synchronized void close() {
        boolean ownsEmbedded = embedded instanceof AutoCloseable;
        open.forEach((target, c) -> {
            if (!(ownsEmbedded && EMBEDDED.equals(target))) {
                c.close();
            }
        });
        open.clear();
        if (embedded instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the embedded cluster", e);
            }
        }
    }
}
