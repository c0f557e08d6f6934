package egress.server;

import egress.policy.model.Engine;
import egress.policy.validate.Diagnostic;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.server.cluster.ClusterConnection;
import egress.server.deploy.Action;
import egress.server.deploy.Change;
import egress.server.deploy.DeployEvent;
import egress.server.deploy.DeployOptions;
import egress.server.deploy.DeployResult;
import egress.server.deploy.DeployService;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code egress deploy FILE|DIR... [--dry-run] [--kubeconfig FILE] [--context NAME]}, for the cli to call. */
public final class DeployMain {
    public static final int OK = 0;
    public static final int REJECTED = 1;
    public static final int UNUSABLE = 2;
    public static final int ROLLED_BACK = 3;

    private DeployMain() {
    }

    /**
     * Deploys manifest files and folders; prints the plan (and, unless a dry run, each step) to {@code out},
     * problems to {@code err}.
     *
     * @param enableEgressPolicy switch the MeshConfig's enableEgressPolicy on when it is off
     * @return {@link #OK}, {@link #REJECTED} (validation errors, nothing applied), {@link #UNUSABLE} (unreadable
     *         files, no cluster) or {@link #ROLLED_BACK} (a write failed; see the output for the rollback)
     */
    public static int deploy(List<Path> paths, boolean dryRun, boolean enableEgressPolicy, Path kubeconfig,
                             String context, PrintStream out, PrintStream err) {
        return deploy(paths, dryRun, enableEgressPolicy, kubeconfig, context, out, err, false);
    }

    /** As above; with {@code progressBar} the steps redraw one bar on a terminal instead of a line each. */
    public static int deploy(List<Path> paths, boolean dryRun, boolean enableEgressPolicy, Path kubeconfig,
                             String context, PrintStream out, PrintStream err, boolean progressBar) {
        List<Manifest> manifests = new ArrayList<>();
        try {
            for (Path p : paths) {
                manifests.addAll(ManifestReader.read(p));
            }
        } catch (ManifestException e) {
            err.println(e.getMessage());
            return UNUSABLE;
        }
        try (ClusterConnection cluster = ClusterConnection.open(kubeconfig, context)) {
            DeployOptions options = new DeployOptions(dryRun, enableEgressPolicy, true, Engine.OSM);
            DeployResult r = new DeployService(cluster.client()).deploy(manifests, options,
                    e -> progress(e, out, progressBar));
            return report(r, cluster, out, err);
        } catch (KubernetesClientException e) {
            err.println("egress deploy: cannot reach the cluster: " + e.getMessage());
            return UNUSABLE;
        }
    }

    private static int report(DeployResult r, ClusterConnection cluster, PrintStream out, PrintStream err) {
        r.report().warnings().forEach(d -> err.println(d.format()));
        if (r.outcome() == DeployResult.Outcome.REJECTED) {
            r.report().errors().stream().map(Diagnostic::format).forEach(err::println);
            err.println("nothing was deployed: " + r.report().errors().size() + " error(s)");
            return REJECTED;
        }
        if (r.outcome() == DeployResult.Outcome.PLANNED) {
            out.println("# dry run against context " + cluster.context() + " (" + cluster.server() + ")");
            for (Change c : r.plan().changes()) {
                out.println(c.action().name().toLowerCase() + " " + c.key().describe()
                        + (c.action() == Action.UPDATE ? ": " + String.join(", ", c.changedFields()) : ""));
            }
            r.plan().skipped().forEach(s -> out.println("# skipped " + s));
            if (Boolean.FALSE.equals(r.plan().egressPolicyEnabled())) {
                out.println("# enableEgressPolicy is off: the mesh ignores Egress policies until it is switched on");
            }
            return OK;
        }
        if (r.outcome() != DeployResult.Outcome.APPLIED) {
            err.println("deploy failed (" + r.outcome().name().toLowerCase() + "): " + r.failure());
            return ROLLED_BACK;
        }
        return OK;
    }

    private static void progress(DeployEvent e, PrintStream out, boolean bar) {
        if (!bar || e.total() <= 0 || e.index() <= 0) {
            if (bar && e.type() == DeployEvent.Type.DONE) {
                out.println();
            }
            out.println(line(e));
            return;
        }
        int width = 30;
        int filled = (int) ((long) e.index() * width / e.total());
        String msg = e.message().length() > 60 ? e.message().substring(0, 57) + "..." : e.message();
        out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + e.index() + "/" + e.total() + " "
                + msg + " ".repeat(Math.max(0, 60 - msg.length())));
        out.flush();
    }

    private static String line(DeployEvent e) {
        return e.type() == DeployEvent.Type.DONE ? "# " + e.message()
                : (e.index() > 0 ? "[" + e.index() + "/" + e.total() + "] " : "") + e.message();
    }
}
