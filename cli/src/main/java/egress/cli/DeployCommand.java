package egress.cli;

import egress.cluster.deploy.DeployJournal;
import egress.cluster.main.DeployMain;
import java.io.Console;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "deploy",
        description = {
            "Validate, then deploy manifests to a cluster by server-side apply (field manager egress-designer): "
                    + "nothing is applied when anything is rejected, and a failure half-way rolls back.",
            "Every write is first sent as a server-side dry run; SIGTERM or Ctrl-C half-way rolls back before exiting. "
                    + "A deploy that was killed leaves a journal (~/.egress-designer/journal): the next one refuses to "
                    + "start until --resume finishes it or --rollback undoes it.",
            "Exit 0 deployed (or planned), 1 rejected, 2 unreadable files or no cluster, 3 rolled back, "
                    + "4 an interrupted deploy must be resumed or rolled back first."
        })
final class DeployCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "FILE|DIR", description = "manifest files or folders")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--resume", description = "finish the interrupted deploy whose journal was left for this cluster")
    boolean resume;

    @Option(names = "--rollback", description = "undo the interrupted deploy whose journal was left for this cluster")
    boolean rollback;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--dry-run",
            description = "show the plan (create, update, delete with the changed fields) and stop")
    boolean dryRun;

    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description = "the cluster's kubeconfig (default: fabric8's "
                    + "usual discovery: $KUBECONFIG, ~/.kube/config, in-cluster)")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "a context of the kubeconfig")
    String context;

    @Option(
            names = "--enable-egress-policy",
            negatable = true,
            description = "switch the MeshConfig's "
                    + "enableEgressPolicy on when it is off (asked on a terminal when neither form is given)")
    Boolean enableEgressPolicy;

    @Override
    public Integer call() {
        if (resume && rollback) {
            throw new ParameterException(spec.commandLine(), "--resume and --rollback exclude each other");
        }
        DeployMain.Recovery recovery = resume
                ? DeployMain.Recovery.RESUME
                : rollback ? DeployMain.Recovery.ROLLBACK : DeployMain.Recovery.NONE;
        if (recovery == DeployMain.Recovery.NONE && paths.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "name the manifest files or folders to deploy");
        }
        if (recovery != DeployMain.Recovery.NONE && !paths.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(), "--resume and --rollback take no files: " + "the journal says what to do");
        }
        Console console = System.console();
        boolean enable = recovery == DeployMain.Recovery.NONE
                && (enableEgressPolicy != null ? enableEgressPolicy : !dryRun && ask(console));
        return DeployMain.run(
                paths,
                recovery,
                dryRun,
                enable,
                kubeconfig,
                context,
                DeployJournal.defaultFolder(),
                System.out,
                System.err,
                console != null);
    }

    private static boolean ask(Console console) {
        if (console == null) {
            return false;
        }
        String answer = console.readLine("The mesh ignores Egress policies while the MeshConfig's enableEgressPolicy "
                + "is off. Switch it on if it is off? [Y/n] ");
        return answer == null
                || answer.isBlank()
                || answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
    }
}
