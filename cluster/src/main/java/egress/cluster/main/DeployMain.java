package egress.cluster.main;

import egress.cluster.deploy.Action;
import egress.cluster.deploy.Change;
import egress.cluster.deploy.DeployEvent;
import egress.cluster.deploy.DeployJournal;
import egress.cluster.deploy.DeployListener;
import egress.cluster.deploy.DeployOptions;
import egress.cluster.deploy.DeployResult;
import egress.cluster.deploy.DeployService;
import egress.cluster.kube.ClusterConnection;
import egress.policy.model.Engine;
import egress.policy.validate.Diagnostic;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code egress deploy FILE|DIR... [--dry-run] [--kubeconfig FILE] [--context NAME]} and
 * {@code egress deploy --resume|--rollback}, for the cli to call.
 *
 * <p>A deploy either completes or rolls back, also when the process is asked to stop (SIGTERM, Ctrl-C): a shutdown
 * hook stops the deploy before its next write and waits for the rollback before the client closes. A process
 * that is killed outright leaves the deploy's journal, and the next deploy to that cluster refuses to start
 * ({@link #UNFINISHED}) until it is finished ({@code --resume}) or rolled back ({@code --rollback}).
 */
public final class DeployMain {
    public static final int OK = 0;
    public static final int REJECTED = 1;
    public static final int UNUSABLE = 2;
    public static final int ROLLED_BACK = 3;
    /** An interrupted deploy's journal was found: nothing was applied; resume or roll it back first. */
    public static final int UNFINISHED = 4;
    /** How long a stopping process waits for a deploy to roll back before it lets the client close. */
    static final Duration STOP_TIMEOUT = Duration.ofMinutes(5);
    /** How long it then waits for the outcome to be printed. */
    static final Duration REPORT_TIMEOUT = Duration.ofSeconds(30);

    /** What to do with an interrupted deploy's journal. */
    public enum Recovery {
        /** Nothing: deploy the files (refused while a journal exists). */
        NONE,
        /** Apply the journal's changes again, then remove it. */
        RESUME,
        /** Undo the journal's changes, then remove it. */
        ROLLBACK
    }

    private DeployMain() {}

    /**
     * Deploys manifest files and folders; prints the plan (and, unless a dry run, each step) to {@code out},
     * problems to {@code err}.
     *
     * @param enableEgressPolicy switch the MeshConfig's enableEgressPolicy on when it is off
     * @return {@link #OK}, {@link #REJECTED} (validation errors, nothing applied), {@link #UNUSABLE} (unreadable
     *         files, no cluster), {@link #ROLLED_BACK} (a write failed; see the output for the rollback) or
     *         {@link #UNFINISHED}
     */
    public static int deploy(
            List<Path> paths,
            boolean dryRun,
            boolean enableEgressPolicy,
            Path kubeconfig,
            String context,
            PrintStream out,
            PrintStream err) {
        return deploy(paths, dryRun, enableEgressPolicy, kubeconfig, context, out, err, false);
    }

    /** As above; with {@code progressBar} the steps redraw one bar on a terminal instead of a line each. */
    public static int deploy(
            List<Path> paths,
            boolean dryRun,
            boolean enableEgressPolicy,
            Path kubeconfig,
            String context,
            PrintStream out,
            PrintStream err,
            boolean progressBar) {
        return run(
                paths,
                Recovery.NONE,
                dryRun,
                enableEgressPolicy,
                kubeconfig,
                context,
                DeployJournal.defaultFolder(),
                out,
                err,
                progressBar);
    }

    /**
     * Everything {@code egress deploy} does.
     *
     * @param recovery      {@link Recovery#NONE} to deploy {@code paths}; else what to do with the journal
     * @param journalFolder where journals are kept ({@link DeployJournal#defaultFolder()})
     */
    public static int run(
            List<Path> paths,
            Recovery recovery,
            boolean dryRun,
            boolean enableEgressPolicy,
            Path kubeconfig,
            String context,
            Path journalFolder,
            PrintStream out,
            PrintStream err,
            boolean progressBar) {
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
            DeployService service = new DeployService(cluster.client(), journalFolder);
            DeployListener listener = e -> progress(e, out, progressBar);
            if (recovery != Recovery.NONE) {
                if (service.unfinished().isEmpty()) {
                    err.println("egress deploy: no interrupted deploy to " + cluster.server() + " to "
                            + (recovery == Recovery.RESUME ? "resume" : "roll back"));
                    return OK;
                }
                return whileRunning(
                        service,
                        () -> service.recover(recovery == Recovery.ROLLBACK, listener),
                        r -> reportRecovery(r, err));
            }
            DeployOptions options = new DeployOptions(dryRun, enableEgressPolicy, true, Engine.OSM);
            return whileRunning(
                    service, () -> service.deploy(manifests, options, listener), r -> report(r, cluster, out, err));
        } catch (KubernetesClientException e) {
            err.println("egress deploy: cannot reach the cluster: " + e.getMessage());
            return UNUSABLE;
        }
    }

    /**
     * Runs a deploy with a shutdown hook that stops it and waits for its rollback and its report: the JVM runs
     * hooks while this thread goes on, and the client is closed only after the deploy returns here.
     */
    private static int whileRunning(
            DeployService service, Supplier<DeployResult> deploy, Function<DeployResult, Integer> report) {
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    try {
                        if (!service.stop(STOP_TIMEOUT)) {
                            System.err.println("egress deploy: the rollback did not end in " + STOP_TIMEOUT.toMinutes()
                                    + " minutes; the journal stays for egress deploy --rollback");
                        }
                        reported.await(REPORT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "egress-deploy-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return report.apply(deploy.get());
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running and sees the deploy over
            }
        }
    }

    /** {@code egress deploy} without picocli (a subprocess in tests): the cli's options, same exit statuses. */
    public static void main(String[] args) {
        List<Path> files = new ArrayList<>();
        Recovery recovery = Recovery.NONE;
        boolean dryRun = false;
        boolean enable = false;
        Path kubeconfig = null;
        String context = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dry-run" -> dryRun = true;
                case "--enable-egress-policy" -> enable = true;
                case "--resume" -> recovery = Recovery.RESUME;
                case "--rollback" -> recovery = Recovery.ROLLBACK;
                case "--kubeconfig" -> kubeconfig = Path.of(args[++i]);
                case "--context" -> context = args[++i];
                default -> files.add(Path.of(args[i]));
            }
        }
        System.exit(run(
                files,
                recovery,
                dryRun,
                enable,
                kubeconfig,
                context,
                DeployJournal.defaultFolder(),
                System.out,
                System.err,
                false));
    }

    private static int report(DeployResult r, ClusterConnection cluster, PrintStream out, PrintStream err) {
        r.report().warnings().forEach(d -> err.println(d.format()));
        if (r.outcome() == DeployResult.Outcome.REJECTED) {
            r.report().errors().stream().map(Diagnostic::format).forEach(err::println);
            if (r.failure() != null) {
                err.println(r.failure());
            }
            err.println("nothing was deployed: "
                    + (r.failure() != null
                            ? "the cluster refused it"
                            : r.report().errors().size() + " error(s)"));
            return REJECTED;
        }
        if (r.outcome() == DeployResult.Outcome.UNFINISHED) {
            err.println("egress deploy: " + r.failure());
            return UNFINISHED;
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

    /** A resumed or rolled-back journal: 0 when done (journal removed), else what failed (journal kept). */
    private static int reportRecovery(DeployResult r, PrintStream err) {
        if (r.outcome() == DeployResult.Outcome.APPLIED || r.outcome() == DeployResult.Outcome.ROLLED_BACK) {
            return OK;
        }
        err.println("egress deploy: " + r.failure());
        return r.outcome() == DeployResult.Outcome.UNFINISHED ? UNFINISHED : ROLLED_BACK;
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
        return e.type() == DeployEvent.Type.DONE
                ? "# " + e.message()
                : (e.index() > 0 ? "[" + e.index() + "/" + e.total() + "] " : "") + e.message();
    }
}
