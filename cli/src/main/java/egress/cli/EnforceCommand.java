package egress.cli;

import egress.enforcer.Enforcer;
import egress.enforcer.config.EnforcerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "enforce", description = {
        "Run the enforcer: a proxy that applies the same decisions as the simulator to live traffic.",
        "Policies come from files (--resources, watched) or from a cluster (--kubeconfig FILE [--context NAME],",
        "or --in-cluster inside a pod: fabric8's discovery, the pod's service account).",
        "  egress enforce --resources samples/ --identity curl/curl --connect-to httpbin.org:80:127.0.0.1:18080",
        "  egress enforce --kubeconfig ~/.kube/config --context kind-osm --identity curl/curl",
        "  curl -sI -x http://127.0.0.1:15001 http://httpbin.org:80/get"})
final class EnforceCommand implements Callable<Integer> {
    @Option(names = {"--resources", "-f"}, arity = "1..*", paramLabel = "FILE|DIR",
            description = "policy manifests, watched and reloaded on change")
    List<Path> resources = new ArrayList<>();

    @Option(names = "--identity", paramLabel = "NS/SA", description = "the pod identity of the --listen listener")
    String identity;

    @Option(names = "--listen", paramLabel = "ADDR:PORT", description = "proxy listener (default 127.0.0.1:15001)")
    String listen;

    @Option(names = "--listener", paramLabel = "NS/SA@ADDR:PORT",
            description = "one more listener for another identity (repeatable)")
    List<String> listeners = new ArrayList<>();

    @Option(names = "--admin", paramLabel = "ADDR:PORT|off", description = "metrics and readiness (default 127.0.0.1:15000)")
    String admin;

    @Option(names = "--engine", defaultValue = "osm", description = "osm (default) or pipy")
    String engine;

    @Option(names = "--mode", defaultValue = "proxy", description = "proxy (default) or transparent")
    String mode;

    @Option(names = "--connect-to", paramLabel = "HOST:PORT:ADDR:PORT",
            description = "as curl's --connect-to: where connections for HOST:PORT really go (repeatable)")
    List<String> connectTo = new ArrayList<>();

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "follow the policies of a cluster")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "the kubeconfig context (default: its current one)")
    String context;

    @Option(names = "--in-cluster", description = "follow the cluster this runs in (a pod's service account; "
            + "outside a pod: KUBECONFIG or ~/.kube/config)")
    boolean inCluster;

    @Override
    public Integer call() throws Exception {
        if (!mode.equals("proxy")) {
            System.err.println("egress enforce: --mode " + mode + " is not available yet; only proxy mode is built");
            return 2;
        }
        boolean files = !resources.isEmpty();
        boolean cluster = kubeconfig != null || inCluster;
        if (files == cluster || (kubeconfig != null && inCluster)) {
            System.err.println("egress enforce: give --resources FILE|DIR..., or --kubeconfig FILE [--context NAME], "
                    + "or --in-cluster (one of them)");
            return 2;
        }
        if (context != null && kubeconfig == null && !inCluster) {
            System.err.println("egress enforce: --context needs --kubeconfig FILE");
            return 2;
        }
        List<String> args = new ArrayList<>();
        resources.forEach(r -> add(args, "--resources", r.toString()));
        add(args, "--kubeconfig", kubeconfig == null ? null : kubeconfig.toString());
        add(args, "--context", context);
        if (inCluster) {
            args.add("--in-cluster");
        }
        add(args, "--identity", identity);
        add(args, "--listen", listen);
        listeners.forEach(l -> add(args, "--listener", l));
        add(args, "--admin", admin);
        add(args, "--engine", engine);
        connectTo.forEach(c -> add(args, "--connect-to", c));
        Enforcer enforcer = Enforcer.start(EnforcerConfig.parse(args));
        Runtime.getRuntime().addShutdownHook(new Thread(enforcer::close, "egress-enforcer-stop"));
        System.err.println("egress enforce: proxy on " + enforcer.proxyPorts() + ", admin on " + enforcer.adminPort());
        enforcer.awaitClose();
        return 0;
    }

    private static void add(List<String> args, String option, String value) {
        if (value != null) {
            args.add(option);
            args.add(value);
        }
    }
}
