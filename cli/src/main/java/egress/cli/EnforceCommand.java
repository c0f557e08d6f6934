package egress.cli;

import egress.enforcer.Enforcer;
import egress.enforcer.GracefulShutdown;
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
        "  curl -sI -x http://127.0.0.1:15001 http://httpbin.org:80/get",
        "  egress enforce --kubeconfig ~/.kube/config --context kind-osm --identity curl/curl",
        "Or from a designer server's workspace, its token in a file or in $EGRESS_TOKEN (not on the command line):",
        "  egress enforce --server http://127.0.0.1:7080 --token-file ~/.egress-token --identity curl/curl",
        "Both ports listen on 127.0.0.1 unless told otherwise (--listen 0.0.0.0:15001 --admin 0.0.0.0:15000 in a pod).",
        "As a gateway for every pod: each connection is judged as the pod whose IP it comes from; SIGTERM drains",
        "  egress enforce --in-cluster --identity-from pod-ip --listen 0.0.0.0:15001 --drain-grace-seconds 25",
        "Transparent mode (Linux, root): --listen is the port iptables redirects the pod's TCP to, --identity the pod's",
        "  egress enforce --mode transparent --resources samples/ --identity curl/curl --listen 10.200.9.1:15001",
        "  iptables -t nat -A PREROUTING -i POD_VETH -p tcp -j REDIRECT --to-ports 15001   (see enforcer/README.md)",
        "Trial a change on live traffic: --staged NEW/ decides NEW beside the live set and logs each disagreement;",
        "--report-only logs what would be refused and forwards it (see enforcer/README.md)."})
final class EnforceCommand implements Callable<Integer> {
    @Option(names = {"--resources", "-f"}, arity = "1..*", paramLabel = "FILE|DIR",
            description = "policy manifests, watched and reloaded on change")
    List<Path> resources = new ArrayList<>();

    @Option(names = "--identity", paramLabel = "NS/SA",
            description = "the pod identity of the --listen listener (transparent: the pod whose TCP is redirected there)")
    String identity;

    @Option(names = "--listen", paramLabel = "ADDR:PORT",
            description = "proxy listener, or in transparent mode the redirect port (default 127.0.0.1:15001)")
    String listen;

    @Option(names = "--listener", paramLabel = "NS/SA@ADDR:PORT",
            description = "one more listener for another identity (repeatable)")
    List<String> listeners = new ArrayList<>();

    @Option(names = "--listeners", paramLabel = "FILE",
            description = "a file mapping listen addresses to identities, one NS/SA@ADDR:PORT a line")
    Path listenersFile;

    @Option(names = "--admin", paramLabel = "ADDR:PORT|off", description = "/metrics, /ready and /live (default 127.0.0.1:15000)")
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

    @Option(names = "--server", paramLabel = "URL", description = "follow the workspace of a designer server "
            + "(egress serve), e.g. http://127.0.0.1:7080; its token from --token-file or $EGRESS_TOKEN")
    String server;

    @Option(names = "--token-file", paramLabel = "FILE", description = "a file holding the access token egress serve "
            + "printed (default: the environment variable EGRESS_TOKEN)")
    Path tokenFile;

    @Option(names = "--token", paramLabel = "T", description = "the token itself: every user of this machine sees it "
            + "in ps, so this warns; prefer --token-file or $EGRESS_TOKEN")
    String token;

    @Option(names = "--request-body-timeout-ms", paramLabel = "MS",
            description = "from a request head to the end of its body; then 408 (default 60000; 0: off)")
    String requestBodyTimeout;

    @Option(names = "--response-timeout-ms", paramLabel = "MS",
            description = "from the end of a request to the upstream's response head; then 504 (default 30000; 0: off)")
    String responseTimeout;

    @Option(names = "--response-idle-timeout-ms", paramLabel = "MS",
            description = "longest pause inside an upstream's response; then the connection is closed (default 60000; 0: off)")
    String responseIdleTimeout;

    @Option(names = "--tunnel-idle-timeout-ms", paramLabel = "MS",
            description = "a CONNECT or transparent tunnel with no byte either way is closed (default 300000; 0: off)")
    String tunnelIdleTimeout;

    @Option(names = "--max-connection-age-ms", paramLabel = "MS",
            description = "any client connection is closed when this old (default 3600000; 0: off)")
    String maxConnectionAge;

    @Option(names = "--revoke-drain-ms", paramLabel = "MS",
            description = "an open tunnel a new snapshot refuses is closed after this (default 5000)")
    String revokeDrain;

    @Option(names = "--metrics-max-hosts", paramLabel = "N",
            description = "hosts with a metrics series of their own; later ones count as host=\"(other)\" (default 200)")
    String metricsMaxHosts;

    @Option(names = "--sidecar-listener", description = "proxy mode: listen only while the identity has outbound "
            + "configuration, as a sidecar does, so an unconfigured pod's connections are refused (curl exit 7)")
    boolean sidecarListener;

    @Option(names = "--sni-destination-check", paramLabel = "on|off", description = "a TLS connection allowed by "
            + "its server name must go to that name (the CONNECT host, or an address of it); off: osm-edge's "
            + "behaviour, which does not check (default: on)")
    String sniDestinationCheck;

    @Option(names = "--in-cluster", description = "follow the cluster this runs in (a pod's service account; "
            + "outside a pod: KUBECONFIG or ~/.kube/config)")
    boolean inCluster;

    @Option(names = "--identity-from", paramLabel = "pod-ip", description = "one listener for every pod: each "
            + "connection's identity is the service account of the pod whose IP it comes from (needs --kubeconfig or "
            + "--in-cluster; unknown, host-network and ambiguous addresses are refused)")
    String identityFrom;

    @Option(names = "--drain-grace-seconds", paramLabel = "N", description = "on SIGTERM: not ready, listeners "
            + "closed, connections in flight get N seconds to finish, then exit 0 (default 25)")
    String drainGrace;

    @Option(names = "--report-only", description = "decide and log every request, refuse nothing: a would-be "
            + "refusal is forwarded where it was going (never to the enforcer's own ports or an unnamed special "
            + "address) and logged with \"enforced\":false")
    boolean reportOnly;

    @Option(names = "--staged", arity = "1..*", paramLabel = "FILE|DIR", description = "a second policy set decided "
            + "beside the live one on every request (watched); each disagreement is logged (\"staged\":{...}) and "
            + "counted in /metrics, only the live set is enforced")
    List<Path> staged = new ArrayList<>();

    @Option(names = "--staged-server", paramLabel = "URL", description = "the staged set is the workspace of a "
            + "designer server (egress serve), followed as --server is; its token from --staged-token-file or $EGRESS_TOKEN")
    String stagedServer;

    @Option(names = "--staged-token-file", paramLabel = "FILE", description = "the token of --staged-server")
    Path stagedTokenFile;

    @Override
    public Integer call() throws Exception {
        if (!mode.equals("proxy") && !mode.equals("transparent")) {
            System.err.println("egress enforce: --mode expects proxy or transparent, got '" + mode + "'");
            return 2;
        }
        if (mode.equals("transparent") && identity == null && listeners.isEmpty() && listenersFile == null) {
            System.err.println("egress enforce: transparent mode needs --identity NS/SA, the pod whose TCP is redirected to --listen");
            return 2;
        }
        int sources = (resources.isEmpty() ? 0 : 1) + (kubeconfig != null || inCluster ? 1 : 0) + (server != null ? 1 : 0);
        if (sources != 1 || (kubeconfig != null && inCluster)) {
            System.err.println("egress enforce: give --resources FILE|DIR..., or --kubeconfig FILE [--context NAME], "
                    + "or --in-cluster, or --server URL (one of them)");
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
        if (sidecarListener) {
            args.add("--sidecar-listener");
        }
        if (reportOnly) {
            args.add("--report-only");
        }
        staged.forEach(p -> add(args, "--staged", p.toString()));
        add(args, "--staged-server", stagedServer);
        add(args, "--staged-token-file", stagedTokenFile == null ? null : stagedTokenFile.toString());
        add(args, "--server", server);
        add(args, "--token", token);
        add(args, "--token-file", tokenFile == null ? null : tokenFile.toString());
        add(args, "--request-body-timeout-ms", requestBodyTimeout);
        add(args, "--response-timeout-ms", responseTimeout);
        add(args, "--response-idle-timeout-ms", responseIdleTimeout);
        add(args, "--tunnel-idle-timeout-ms", tunnelIdleTimeout);
        add(args, "--max-connection-age-ms", maxConnectionAge);
        add(args, "--revoke-drain-ms", revokeDrain);
        add(args, "--metrics-max-hosts", metricsMaxHosts);
        add(args, "--identity", identity);
        add(args, "--listen", listen);
        listeners.forEach(l -> add(args, "--listener", l));
        add(args, "--listeners", listenersFile == null ? null : listenersFile.toString());
        add(args, "--admin", admin);
        add(args, "--engine", engine);
        connectTo.forEach(c -> add(args, "--connect-to", c));
        add(args, "--mode", mode);
        add(args, "--sni-destination-check", sniDestinationCheck);
        add(args, "--identity-from", identityFrom);
        add(args, "--drain-grace-seconds", drainGrace);
        Enforcer enforcer;
        EnforcerConfig config;
        try {
            config = EnforcerConfig.parse(args);
            enforcer = Enforcer.start(config);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("egress enforce: " + e.getMessage());
            return 2;
        }
        GracefulShutdown.install(enforcer, config.drainGrace());
        if (mode.equals("transparent")) {
            System.err.println("egress enforce: transparent on " + enforcer.proxyPorts() + " (bound now: "
                    + enforcer.transparentListening() + "), admin on " + enforcer.adminPort());
        } else {
            System.err.println("egress enforce: proxy on " + enforcer.proxyPorts() + ", admin on " + enforcer.adminPort());
        }
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
