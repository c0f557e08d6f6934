package egress.cli;

import egress.enforcer.Enforcer;
import egress.enforcer.GracefulShutdown;
import egress.enforcer.config.ConnectTo;
import egress.enforcer.config.EnforcerConfig;
import egress.policy.model.Identity;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "enforce",
        description = {
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
            "--report-only logs what would be refused and forwards it (see enforcer/README.md)."
        })
final class EnforceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOption engine;

    @Mixin
    SniCheckOption sniCheck;

    @Mixin
    KubeconfigOptions kube;

    @Option(
            names = {"--resources", "-f"},
            arity = "1..*",
            paramLabel = "FILE|DIR",
            description = "policy manifests, watched and reloaded on change")
    List<Path> resources = new ArrayList<>();

    @Option(
            names = "--identity",
            paramLabel = "NS/SA",
            converter = Converters.IdentityConverter.class,
            description =
                    "the pod identity of the --listen listener (transparent: the pod whose TCP is redirected there)")
    Identity identity;

    @Option(
            names = "--listen",
            paramLabel = "ADDR:PORT",
            converter = Converters.ListenConverter.class,
            description = "proxy listener, or in transparent mode the redirect port (default 127.0.0.1:15001)")
    InetSocketAddress listen;

    @Option(
            names = "--listener",
            paramLabel = "NS/SA@ADDR:PORT",
            converter = Converters.ListenerConverter.class,
            description = "one more listener for another identity (repeatable)")
    List<EnforcerConfig.Listener> listeners = new ArrayList<>();

    @Option(
            names = "--listeners",
            paramLabel = "FILE",
            description = "a file mapping listen addresses to identities, one NS/SA@ADDR:PORT a line")
    Path listenersFile;

    @Option(
            names = "--admin",
            paramLabel = "ADDR:PORT|off",
            converter = Converters.AdminConverter.class,
            description = "/metrics, /ready and /live (default 127.0.0.1:15000)")
    Converters.Admin admin;

    @Option(
            names = "--mode",
            paramLabel = "proxy|transparent",
            converter = Converters.ModeConverter.class,
            description = "proxy (default) or transparent")
    EnforcerConfig.Mode mode;

    @Option(
            names = "--connect-to",
            paramLabel = "HOST:PORT:ADDR:PORT",
            converter = Converters.ConnectToConverter.class,
            description = "as curl's --connect-to: where connections for HOST:PORT really go (repeatable)")
    List<ConnectTo> connectTo = new ArrayList<>();

    @Option(
            names = "--in-cluster",
            description = "follow the cluster this runs in (a pod's service account; "
                    + "outside a pod: KUBECONFIG or ~/.kube/config)")
    boolean inCluster;

    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "follow the workspace of a designer server "
                    + "(egress serve), e.g. http://127.0.0.1:7080; its token from --token-file or $EGRESS_TOKEN")
    String server;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "a file holding the access token egress serve "
                    + "printed (default: the environment variable EGRESS_TOKEN)")
    Path tokenFile;

    @Option(
            names = "--token",
            paramLabel = "T",
            description = "the token itself: every user of this machine sees it "
                    + "in ps, so this warns; prefer --token-file or $EGRESS_TOKEN")
    String token;

    @Option(
            names = "--sniff-timeout-ms",
            paramLabel = "MS",
            converter = Converters.MillisConverter.class,
            description =
                    "a CONNECT tunnel whose client sends nothing this long is decided as server-first TCP (default 300)")
    Duration sniffTimeout;

    @Option(
            names = "--header-timeout-ms",
            paramLabel = "MS",
            converter = Converters.MillisConverter.class,
            description = "a request head not complete in time: 408 (default 10000)")
    Duration headerTimeout;

    @Option(
            names = "--connect-timeout-ms",
            paramLabel = "MS",
            converter = Converters.MillisConverter.class,
            description = "connecting to an upstream (default 5000)")
    Duration connectTimeout;

    @Option(
            names = "--request-body-timeout-ms",
            paramLabel = "MS",
            converter = Converters.MillisConverter.class,
            description = "from a request head to the end of its body; then 408 (default 60000; 0: off)")
    Duration requestBodyTimeout;

    @Option(
            names = "--response-timeout-ms",
            paramLabel = "MS",
            converter = Converters.MillisConverter.class,
            description = "from the end of a request to the upstream's response head; then 504 (default 30000; 0: off)")
    Duration responseTimeout;

    @Option(
            names = "--response-idle-timeout-ms",
            paramLabel = "MS",
            converter = Converters.MillisConverter.class,
            description =
                    "longest pause inside an upstream's response; then the connection is closed (default 60000; 0: off)")
    Duration responseIdleTimeout;

    @Option(
            names = "--tunnel-idle-timeout-ms",
            paramLabel = "MS",
            converter = Converters.MillisConverter.class,
            description = "a CONNECT or transparent tunnel with no byte either way is closed (default 300000; 0: off)")
    Duration tunnelIdleTimeout;

    @Option(
            names = "--max-connection-age-ms",
            paramLabel = "MS",
            converter = Converters.MillisConverter.class,
            description = "any client connection is closed when this old (default 3600000; 0: off)")
    Duration maxConnectionAge;

    @Option(
            names = "--revoke-drain-ms",
            paramLabel = "MS",
            converter = Converters.MillisConverter.class,
            description = "an open tunnel a new snapshot refuses is closed after this (default 5000)")
    Duration revokeDrain;

    @Option(
            names = "--metrics-max-hosts",
            paramLabel = "N",
            converter = Converters.CountConverter.class,
            description =
                    "hosts with a metrics series of their own; later ones count as host=\"(other)\" (default 200)")
    Integer metricsMaxHosts;

    @Option(names = "--no-watch", description = "load the policy files once; do not reload them on change")
    boolean noWatch;

    @Option(
            names = "--sidecar-listener",
            description =
                    "proxy mode: listen only while the identity has outbound "
                            + "configuration, as a sidecar does, so an unconfigured pod's connections are refused (curl exit 7)")
    boolean sidecarListener;

    @Option(
            names = "--identity-from",
            paramLabel = "pod-ip",
            converter = Converters.IdentityFromConverter.class,
            description = "one listener for every pod: each connection's identity is the service account of the pod "
                    + "whose IP it comes from (needs --kubeconfig or --in-cluster; unknown, host-network and ambiguous "
                    + "addresses are refused)")
    EnforcerConfig.IdentityFrom identityFrom;

    @Option(
            names = "--drain-grace-seconds",
            paramLabel = "N",
            converter = Converters.SecondsConverter.class,
            description = "on SIGTERM: not ready, listeners closed, connections in flight get N seconds to finish, "
                    + "then exit 0 (default 25)")
    Duration drainGrace;

    @Option(
            names = "--report-only",
            description = "decide and log every request, refuse nothing: a would-be "
                    + "refusal is forwarded where it was going (never to the enforcer's own ports or an unnamed special "
                    + "address) and logged with \"enforced\":false")
    boolean reportOnly;

    @Option(
            names = "--staged",
            arity = "1..*",
            paramLabel = "FILE|DIR",
            description = "a second policy set decided "
                    + "beside the live one on every request (watched); each disagreement is logged (\"staged\":{...}) and "
                    + "counted in /metrics, only the live set is enforced")
    List<Path> staged = new ArrayList<>();

    @Option(
            names = "--staged-server",
            paramLabel = "URL",
            description =
                    "the staged set is the workspace of a "
                            + "designer server (egress serve), followed as --server is; its token from --staged-token-file or $EGRESS_TOKEN")
    String stagedServer;

    @Option(names = "--staged-token-file", paramLabel = "FILE", description = "the token of --staged-server")
    Path stagedTokenFile;

    @Option(
            names = "--staged-kubeconfig",
            paramLabel = "FILE",
            description = "the staged set is the policy objects of this "
                    + "cluster (a staging cluster where the change is applied), followed live as --kubeconfig is")
    Path stagedKubeconfig;

    @Option(
            names = "--staged-context",
            paramLabel = "NAME",
            description = "the context of --staged-kubeconfig (default: its current one)")
    String stagedContext;

    /**
     * The enforcer's config from the options given: each one sets its builder field, the rest keep the builder's
     * defaults (the one place they live). An {@link IllegalArgumentException} says which options do not go together.
     */
    EnforcerConfig config() {
        EnforcerConfig.Builder b = EnforcerConfig.builder();
        resources.forEach(b::resource);
        set(identity, b::identity);
        set(listen, b::listen);
        listeners.forEach(b::listener);
        set(listenersFile, b::listenersFile);
        if (admin != null) {
            b.admin(admin.address());
        }
        if (engine.given()) {
            b.engine(engine.engine());
        }
        set(mode, b::mode);
        connectTo.forEach(b::connectTo);
        set(kube.kubeconfig, b::kubeconfig);
        set(kube.context, b::context);
        b.inCluster(inCluster);
        set(server, b::server);
        set(tokenFile, b::tokenFile);
        set(token, b::token);
        set(sniffTimeout, b::sniffTimeout);
        set(headerTimeout, b::headerTimeout);
        set(connectTimeout, b::connectTimeout);
        set(requestBodyTimeout, b::requestBodyTimeout);
        set(responseTimeout, b::responseTimeout);
        set(responseIdleTimeout, b::responseIdleTimeout);
        set(tunnelIdleTimeout, b::tunnelIdleTimeout);
        set(maxConnectionAge, b::maxConnectionAge);
        set(revokeDrain, b::revokeDrain);
        set(metricsMaxHosts, b::metricsMaxHosts);
        if (noWatch) {
            b.watch(false);
        }
        b.sidecarListener(sidecarListener);
        if (sniCheck.value != null) {
            b.sniDestinationCheck(sniCheck.check(spec));
        }
        set(identityFrom, b::identityFrom);
        set(drainGrace, b::drainGrace);
        b.reportOnly(reportOnly);
        staged.forEach(b::staged);
        set(stagedServer, b::stagedServer);
        set(stagedTokenFile, b::stagedTokenFile);
        set(stagedKubeconfig, b::stagedKubeconfig);
        set(stagedContext, b::stagedContext);
        return b.build();
    }

    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    @Override
    public Integer call() throws Exception {
        Enforcer.asProcess();
        Enforcer enforcer;
        EnforcerConfig config;
        try {
            config = config();
            enforcer = Enforcer.start(config);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("egress enforce: " + e.getMessage());
            return 2;
        }
        GracefulShutdown.install(enforcer, config.drainGrace());
        if (config.mode() == EnforcerConfig.Mode.TRANSPARENT) {
            System.err.println("egress enforce: transparent on " + enforcer.proxyPorts() + " (bound now: "
                    + enforcer.transparentListening() + "), admin on " + enforcer.adminPort());
        } else {
            System.err.println(
                    "egress enforce: proxy on " + enforcer.proxyPorts() + ", admin on " + enforcer.adminPort());
        }
        enforcer.awaitClose();
        return 0;
    }
}
