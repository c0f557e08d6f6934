package egress.cli;

import egress.server.DeployMain;
import java.io.Console;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "deploy", description = {
        "Validate, then deploy manifests to a cluster by server-side apply (field manager egress-designer): "
                + "nothing is applied when anything is rejected, and a failure half-way rolls back.",
        "Exit 0 deployed (or planned), 1 rejected, 2 unreadable files or no cluster, 3 rolled back."})
final class DeployCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "manifest files or folders")
    List<Path> paths;

    @Option(names = "--dry-run", description = "show the plan (create, update, delete with the changed fields) and stop")
    boolean dryRun;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "the cluster's kubeconfig (default: fabric8's "
            + "usual discovery: $KUBECONFIG, ~/.kube/config, in-cluster)")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "a context of the kubeconfig")
    String context;

    @Option(names = "--enable-egress-policy", negatable = true, description = "switch the MeshConfig's "
            + "enableEgressPolicy on when it is off (asked on a terminal when neither form is given)")
    Boolean enableEgressPolicy;

    @Override
    public Integer call() {
        Console console = System.console();
        boolean enable = enableEgressPolicy != null ? enableEgressPolicy : !dryRun && ask(console);
        return DeployMain.deploy(paths, dryRun, enable, kubeconfig, context, System.out, System.err, console != null);
    }

    private static boolean ask(Console console) {
        if (console == null) {
            return false;
        }
        String answer = console.readLine("The mesh ignores Egress policies while the MeshConfig's enableEgressPolicy "
                + "is off. Switch it on if it is off? [Y/n] ");
        return answer == null || answer.isBlank() || answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
    }
}
