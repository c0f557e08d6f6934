package egress.enforcer.config;

import egress.policy.model.Engine;
import egress.policy.model.Identity;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the enforcer is started with.
 *
 * @param resources  manifest files or folders (Egress, HTTPRouteGroup, MeshConfig, ...); empty with a cluster
 * @param cluster    the cluster to follow instead of files, or null
 * @param server     a designer server ({@code egress serve}) whose workspace to follow instead, or null
 * @param listeners  one proxy listener per client identity
 * @param admin      the admin address ({@code /metrics}, {@code /ready}), or null for none
 * @param watch      reload the resources when they change
 * @param mode       proxy (clients use the listeners as HTTP proxies) or transparent (iptables redirects the
 *                   pod's outbound TCP to the listener, and the original destination comes from the socket)
 * @param sidecarListener proxy mode: bind each listener only while its identity has outbound configuration,
 *                   as a sidecar does, so an unconfigured pod's connections are refused (curl exit 7)
 * @param limits     request, response and tunnel timeouts, connection age, revocation drain, metrics host cap
 * @param sniDestinationCheck a TLS connection allowed by its server name must be going to that name
 *                   ({@code --sni-destination-check on|off}, default on; off is osm-edge's behaviour)
 * @param identityFrom where a connection's identity comes from: the listener ({@code --identity}, {@code --listener})
 *                   or the pod whose address the connection comes from ({@code --identity-from pod-ip}; then the
 *                   only listener's identity is null)
 * @param drainGrace on SIGTERM, how long connections in flight may take to finish after the listeners close
 * @param trial      {@code --report-only} and {@code --staged FILE|DIR}: decide, log and count beside enforcing
 */
public record EnforcerConfig(
        List<Path> resources,
        Cluster cluster,
        Server server,
        List<Listener> listeners,
        InetSocketAddress admin,
        Engine engine,
        List<ConnectTo> connectTo,
        Duration sniffTimeout,
        Duration headerTimeout,
        Duration connectTimeout,
        boolean watch,
        Mode mode,
        boolean sidecarListener,
        Limits limits,
        boolean sniDestinationCheck,
        IdentityFrom identityFrom,
        Duration drainGrace,
        Trial trial) {
    public static final int DEFAULT_PROXY_PORT = 15001;
    /** Where the listeners bind unless told: this machine only. A pod's manifests ask for 0.0.0.0 explicitly. */
    public static final String DEFAULT_BIND = "127.0.0.1";
    /** The environment variable a designer server's token may come from (instead of {@code --token-file}). */
    public static final String TOKEN_ENV = "EGRESS_TOKEN";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EnforcerConfig.class);
    public static final int DEFAULT_ADMIN_PORT = 15000;
    /** Below Kubernetes' default terminationGracePeriodSeconds (30), so the drain ends before the SIGKILL. */
    public static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(25);
    /** A CONNECT tunnel whose client says nothing for this long is decided as server-first TCP. */
    public static final Duration DEFAULT_SNIFF_TIMEOUT = Duration.ofMillis(300);
    /** A request head not complete in time: 408. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A TLS connection allowed by its server name must go to that name (osm-edge does not check: off). */
    public static final boolean DEFAULT_SNI_DESTINATION_CHECK = true;

    /** Who the client of a connection is. */
    public enum IdentityFrom {
        /** The listener it connected to says ({@code --identity}, {@code --listener}). */
        LISTENER,
        /** The pod whose IP is the connection's source address, from a Pod informer ({@code --identity-from pod-ip}). */
        POD_IP;

        public static IdentityFrom parse(String text) {
            if (text.equals("pod-ip")) {
                return POD_IP;
            }
            throw new IllegalArgumentException("--identity-from expects pod-ip, got '" + text + "'");
        }
    }

    /** How clients reach the listeners. */
    public enum Mode {
        PROXY,
        TRANSPARENT;

        public static Mode parse(String text) {
            return switch (text) {
                case "proxy" -> PROXY;
                case "transparent" -> TRANSPARENT;
                default ->
                    throw new IllegalArgumentException("--mode expects proxy or transparent, got '" + text + "'");
            };
        }
    }

    /** A proxy listener and the identity its clients are treated as. */
    public record Listener(Identity identity, InetSocketAddress address) {
        /** Parses {@code NS/SA@ADDR:PORT}. */
        public static Listener parse(String text) {
            int at = text.indexOf('@');
            if (at < 0) {
                throw new IllegalArgumentException("--listener expects NS/SA@ADDR:PORT, got '" + text + "'");
            }
            return new Listener(
                    Identity.parse(text.substring(0, at)),
                    EnforcerConfig.address(text.substring(at + 1), "--listener"));
        }

        /**
         * Reads a file of listeners, one {@code NS/SA@ADDR:PORT} (or {@code NS/SA ADDR:PORT}) a line; blank lines
         * and {@code #} comments are skipped. An error names the file and line.
         */
        public static List<Listener> readFile(Path file) {
            List<String> lines;
            try {
                lines = java.nio.file.Files.readAllLines(file);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read --listeners " + file + ": " + e.getMessage());
            }
            List<Listener> out = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).replaceAll("#.*", "").strip();
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    out.add(parse(line.replaceFirst("\\s+", "@")));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage());
                }
            }
            return out;
        }
    }

    /**
     * A cluster to take the policies from.
     *
     * @param kubeconfig the kubeconfig file, or null for fabric8's discovery (in a pod: its service account)
     * @param context    the kubeconfig context, or null for its current one
     */
    public record Cluster(Path kubeconfig, String context) {}

    /** A designer server to take the policies from: its address and access token. */
    public record Server(java.net.URI url, String token) {}

    public EnforcerConfig {
        java.util.Objects.requireNonNull(limits, "limits");
        java.util.Objects.requireNonNull(trial, "trial");
        resources = List.copyOf(resources);
        listeners = List.copyOf(listeners);
        connectTo = List.copyOf(connectTo);
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("the enforcer needs at least one listener (--identity NS/SA)");
        }
        if (identityFrom == IdentityFrom.POD_IP) {
            if (cluster == null) {
                throw new IllegalArgumentException(
                        "--identity-from pod-ip needs the cluster's pods: --kubeconfig FILE or --in-cluster");
            }
            if (mode != Mode.PROXY || sidecarListener) {
                throw new IllegalArgumentException(
                        "--identity-from pod-ip works in proxy mode only, without --sidecar-listener");
            }
            if (listeners.size() != 1 || listeners.get(0).identity() != null) {
                throw new IllegalArgumentException(
                        "--identity-from pod-ip decides the identity per connection: give --listen "
                                + "ADDR:PORT, not --identity or --listener");
            }
        }
        if (drainGrace.isNegative()) {
            throw new IllegalArgumentException("--drain-grace-seconds must not be negative");
        }
        if (mode == Mode.TRANSPARENT
                && listeners.stream().anyMatch(l -> l.address().getPort() == 0)) {
            throw new IllegalArgumentException(
                    "transparent mode needs a fixed --listen port: the iptables redirect names it");
        }
        int sources = (resources.isEmpty() ? 0 : 1) + (cluster == null ? 0 : 1) + (server == null ? 0 : 1);
        if (sources != 1) {
            throw new IllegalArgumentException("give either policy files (-f FILE_OR_FOLDER) or a cluster "
                    + "(--kubeconfig FILE [--context NAME] | --in-cluster) or a designer server (--server URL "
                    + "--token-file FILE), not more than one");
        }
    }

    public HostsTable hosts() {
        return new HostsTable(connectTo);
    }

    /** A builder holding every default; {@code egress enforce}'s options set it, and nothing else defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses the image's arguments (the enforcer image runs {@code EnforcerMain}, without the cli): each flag of
     * {@code egress enforce} sets the {@link Builder} field of the same name and nothing else, so the defaults and
     * the rules between options are the builder's alone. The cli parses with picocli into the same builder; its
     * {@code EnforceOptionsTest} checks that both give the same config for every option of {@code --help}.
     */
    public static EnforcerConfig parse(List<String> args) {
        return parse(args, System.getenv());
    }

    /** As {@link #parse(List)}, with {@code env} in place of the process environment ({@code EGRESS_TOKEN}). */
    public static EnforcerConfig parse(List<String> args, java.util.Map<String, String> env) {
        Builder b = builder().env(env);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            java.util.function.Consumer<Builder> flag = SWITCHES.get(a);
            if (flag != null) {
                flag.accept(b);
                continue;
            }
            java.util.function.BiConsumer<Builder, String> option = OPTIONS.get(a);
            if (option == null) {
                throw new IllegalArgumentException("unknown option " + a);
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            option.accept(b, args.get(++i));
        }
        return b.build();
    }

    /** Every flag {@link #parse} reads: {@code egress enforce} has the same ones (its {@code EnforceOptionsTest}). */
    public static java.util.Set<String> flags() {
        java.util.Set<String> all = new java.util.TreeSet<>(SWITCHES.keySet());
        all.addAll(OPTIONS.keySet());
        return all;
    }

    private static final java.util.Map<String, java.util.function.Consumer<Builder>> SWITCHES = java.util.Map.of(
            "--no-watch", b -> b.watch(false),
            "--sidecar-listener", b -> b.sidecarListener(true),
            "--in-cluster", b -> b.inCluster(true),
            "--report-only", b -> b.reportOnly(true));

    private static final java.util.Map<String, java.util.function.BiConsumer<Builder, String>> OPTIONS = options();

    private static java.util.Map<String, java.util.function.BiConsumer<Builder, String>> options() {
        java.util.Map<String, java.util.function.BiConsumer<Builder, String>> o = new java.util.HashMap<>();
        o.put("-f", (b, v) -> b.resource(Path.of(v)));
        o.put("--resources", (b, v) -> b.resource(Path.of(v)));
        o.put("--staged", (b, v) -> b.staged(Path.of(v)));
        o.put("--kubeconfig", (b, v) -> b.kubeconfig(Path.of(v)));
        o.put("--context", Builder::context);
        o.put("--server", Builder::server);
        o.put("--token", Builder::token);
        o.put("--token-file", (b, v) -> b.tokenFile(Path.of(v)));
        o.put("--staged-server", Builder::stagedServer);
        o.put("--staged-token-file", (b, v) -> b.stagedTokenFile(Path.of(v)));
        o.put("--staged-kubeconfig", (b, v) -> b.stagedKubeconfig(Path.of(v)));
        o.put("--staged-context", Builder::stagedContext);
        o.put("--identity", (b, v) -> b.identity(Identity.parse(v)));
        o.put("--listen", (b, v) -> b.listen(address(v, "--listen")));
        o.put("--listener", (b, v) -> b.listener(Listener.parse(v)));
        o.put("--listeners", (b, v) -> b.listenersFile(Path.of(v)));
        o.put("--admin", (b, v) -> b.admin(adminAddress(v)));
        o.put("--engine", (b, v) -> b.engine(Engine.parse(v)));
        o.put("--connect-to", (b, v) -> b.connectTo(ConnectTo.parse(v)));
        o.put("--sniff-timeout-ms", (b, v) -> b.sniffTimeout(millis(v, "--sniff-timeout-ms")));
        o.put("--header-timeout-ms", (b, v) -> b.headerTimeout(millis(v, "--header-timeout-ms")));
        o.put("--connect-timeout-ms", (b, v) -> b.connectTimeout(millis(v, "--connect-timeout-ms")));
        o.put("--request-body-timeout-ms", (b, v) -> b.requestBodyTimeout(millis(v, "--request-body-timeout-ms")));
        o.put("--response-timeout-ms", (b, v) -> b.responseTimeout(millis(v, "--response-timeout-ms")));
        o.put("--response-idle-timeout-ms", (b, v) -> b.responseIdleTimeout(millis(v, "--response-idle-timeout-ms")));
        o.put("--tunnel-idle-timeout-ms", (b, v) -> b.tunnelIdleTimeout(millis(v, "--tunnel-idle-timeout-ms")));
        o.put("--max-connection-age-ms", (b, v) -> b.maxConnectionAge(millis(v, "--max-connection-age-ms")));
        o.put("--revoke-drain-ms", (b, v) -> b.revokeDrain(millis(v, "--revoke-drain-ms")));
        o.put("--metrics-max-hosts", (b, v) -> b.metricsMaxHosts((int) number(v, "--metrics-max-hosts")));
        o.put("--mode", (b, v) -> b.mode(Mode.parse(v)));
        o.put("--sni-destination-check", (b, v) -> b.sniDestinationCheck(onOff(v, "--sni-destination-check")));
        o.put("--identity-from", (b, v) -> b.identityFrom(IdentityFrom.parse(v)));
        o.put("--drain-grace-seconds", (b, v) -> b.drainGrace(Duration.ofSeconds(number(v, "--drain-grace-seconds"))));
        return java.util.Map.copyOf(o);
    }

    /**
     * The options of the enforcer, each with its default: the one place a default lives. Setters take typed
     * values; {@link #build()} applies the rules between options ({@code --token} and {@code --token-file}, a
     * cluster and {@code --context}, the token of {@code --server} from {@code $EGRESS_TOKEN}, ...).
     */
    public static final class Builder {
        private final List<Path> resources = new ArrayList<>();
        private final List<Listener> listeners = new ArrayList<>();
        private final List<ConnectTo> connectTo = new ArrayList<>();
        private final List<Path> staged = new ArrayList<>();
        private Identity identity;
        private InetSocketAddress listen = new InetSocketAddress(DEFAULT_BIND, DEFAULT_PROXY_PORT);
        private InetSocketAddress admin = new InetSocketAddress(DEFAULT_BIND, DEFAULT_ADMIN_PORT);
        private Limits limits = Limits.DEFAULTS;
        private Engine engine = Engine.OSM;
        private Duration sniffTimeout = DEFAULT_SNIFF_TIMEOUT;
        private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private boolean watch = true;
        private Mode mode = Mode.PROXY;
        private boolean sidecarListener;
        private boolean sniDestinationCheck = DEFAULT_SNI_DESTINATION_CHECK;
        private boolean inCluster;
        private boolean reportOnly;
        private Path kubeconfig;
        private String context;
        private String server;
        private String token;
        private Path tokenFile;
        private String stagedServer;
        private Path stagedTokenFile;
        private Path stagedKubeconfig;
        private String stagedContext;
        private IdentityFrom identityFrom = IdentityFrom.LISTENER;
        private Duration drainGrace = DEFAULT_DRAIN_GRACE;
        private java.util.Map<String, String> env = System.getenv();

        private Builder() {}

        /** {@code -f|--resources FILE|DIR}, one more. */
        public Builder resource(Path p) {
            resources.add(p);
            return this;
        }

        /** {@code --identity NS/SA}: the identity of the {@code --listen} listener. */
        public Builder identity(Identity id) {
            identity = id;
            return this;
        }

        /** {@code --listen ADDR:PORT} (default 127.0.0.1:15001). */
        public Builder listen(InetSocketAddress a) {
            listen = a;
            return this;
        }

        /** {@code --listener NS/SA@ADDR:PORT}, one more. */
        public Builder listener(Listener l) {
            listeners.add(l);
            return this;
        }

        /** {@code --listeners FILE}: every listener in it. */
        public Builder listenersFile(Path file) {
            listeners.addAll(Listener.readFile(file));
            return this;
        }

        /** {@code --admin ADDR:PORT}, null for {@code off} (default 127.0.0.1:15000). */
        public Builder admin(InetSocketAddress a) {
            admin = a;
            return this;
        }

        public Builder engine(Engine e) {
            engine = e;
            return this;
        }

        /** {@code --connect-to HOST:PORT:ADDR:PORT}, one more. */
        public Builder connectTo(ConnectTo c) {
            connectTo.add(c);
            return this;
        }

        public Builder sniffTimeout(Duration d) {
            sniffTimeout = d;
            return this;
        }

        public Builder headerTimeout(Duration d) {
            headerTimeout = d;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            connectTimeout = d;
            return this;
        }

        public Builder requestBodyTimeout(Duration d) {
            limits = limits.withRequestBodyTimeout(d);
            return this;
        }

        public Builder responseTimeout(Duration d) {
            limits = limits.withResponseTimeout(d);
            return this;
        }

        public Builder responseIdleTimeout(Duration d) {
            limits = limits.withResponseIdleTimeout(d);
            return this;
        }

        public Builder tunnelIdleTimeout(Duration d) {
            limits = limits.withTunnelIdleTimeout(d);
            return this;
        }

        public Builder maxConnectionAge(Duration d) {
            limits = limits.withMaxConnectionAge(d);
            return this;
        }

        public Builder revokeDrain(Duration d) {
            limits = limits.withRevokeDrain(d);
            return this;
        }

        public Builder metricsMaxHosts(int n) {
            limits = limits.withMetricsMaxHosts(n);
            return this;
        }

        /** Reload the resources when they change (default true; {@code --no-watch}: false). */
        public Builder watch(boolean w) {
            watch = w;
            return this;
        }

        public Builder mode(Mode m) {
            mode = m;
            return this;
        }

        public Builder sidecarListener(boolean on) {
            sidecarListener = on;
            return this;
        }

        public Builder sniDestinationCheck(boolean on) {
            sniDestinationCheck = on;
            return this;
        }

        public Builder inCluster(boolean on) {
            inCluster = on;
            return this;
        }

        public Builder reportOnly(boolean on) {
            reportOnly = on;
            return this;
        }

        public Builder kubeconfig(Path file) {
            kubeconfig = file;
            return this;
        }

        public Builder context(String name) {
            context = name;
            return this;
        }

        /** {@code --server URL}: follow a designer server's workspace. */
        public Builder server(String url) {
            server = url;
            return this;
        }

        /** {@code --token T}: works, and warns, since every user of {@code ps} sees it. */
        public Builder token(String t) {
            token = t;
            LOG.warn(
                    "--token shows the token to every user of this machine (ps, /proc); "
                            + "use --token-file FILE or the environment variable {} instead",
                    TOKEN_ENV);
            return this;
        }

        public Builder tokenFile(Path file) {
            tokenFile = file;
            return this;
        }

        /** {@code --staged FILE|DIR}, one more; it must exist. */
        public Builder staged(Path p) {
            if (!java.nio.file.Files.exists(p)) {
                throw new IllegalArgumentException("--staged " + p + ": no such file or folder");
            }
            staged.add(p);
            return this;
        }

        public Builder stagedServer(String url) {
            stagedServer = url;
            return this;
        }

        public Builder stagedTokenFile(Path file) {
            stagedTokenFile = file;
            return this;
        }

        /** {@code --staged-kubeconfig FILE}: the staged set is that cluster's policy objects, followed live. */
        public Builder stagedKubeconfig(Path file) {
            stagedKubeconfig = file;
            return this;
        }

        /** {@code --staged-context NAME}: the context of {@code --staged-kubeconfig}, else its current one. */
        public Builder stagedContext(String name) {
            stagedContext = name;
            return this;
        }

        public Builder identityFrom(IdentityFrom from) {
            identityFrom = from;
            return this;
        }

        public Builder drainGrace(Duration d) {
            drainGrace = d;
            return this;
        }

        /** Where {@code EGRESS_TOKEN} is read (default: the process environment). */
        public Builder env(java.util.Map<String, String> e) {
            env = e;
            return this;
        }

        /** The config; an {@link IllegalArgumentException} names the options that do not go together. */
        public EnforcerConfig build() {
            int sources = (resources.isEmpty() ? 0 : 1)
                    + (kubeconfig != null || inCluster ? 1 : 0)
                    + (server != null ? 1 : 0);
            if (sources != 1 || (kubeconfig != null && inCluster)) {
                throw new IllegalArgumentException(
                        "give --resources FILE|DIR..., or --kubeconfig FILE [--context NAME], "
                                + "or --in-cluster, or --server URL (one of them)");
            }
            if (mode == Mode.TRANSPARENT
                    && identityFrom == IdentityFrom.LISTENER
                    && identity == null
                    && listeners.isEmpty()) {
                throw new IllegalArgumentException(
                        "transparent mode needs --identity NS/SA, the pod whose TCP is " + "redirected to --listen");
            }
            List<Listener> all = new ArrayList<>(listeners);
            if (identity != null) {
                all.add(0, new Listener(identity, listen));
            } else if (identityFrom == IdentityFrom.POD_IP && all.isEmpty()) {
                all.add(new Listener(null, listen));
            }
            Cluster cluster = inCluster || kubeconfig != null ? new Cluster(kubeconfig, context) : null;
            if (cluster == null && context != null) {
                throw new IllegalArgumentException("--context needs --kubeconfig FILE");
            }
            if (token != null && tokenFile != null) {
                throw new IllegalArgumentException("--token and --token-file exclude each other");
            }
            String t = tokenFile != null ? readToken(tokenFile) : token;
            if (server != null && t == null) {
                String fromEnv = env.get(TOKEN_ENV);
                t = fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
            }
            if ((server == null) != (t == null)) {
                throw new IllegalArgumentException(
                        server == null
                                ? "--token-file and --token need --server URL"
                                : "--server URL needs the token egress serve prints: --token-file FILE or $"
                                        + TOKEN_ENV);
            }
            Server s = server == null ? null : new Server(java.net.URI.create(server), t);
            return new EnforcerConfig(
                    resources,
                    cluster,
                    s,
                    all,
                    admin,
                    engine,
                    connectTo,
                    sniffTimeout,
                    headerTimeout,
                    connectTimeout,
                    watch,
                    mode,
                    sidecarListener,
                    limits,
                    sniDestinationCheck,
                    identityFrom,
                    drainGrace,
                    new Trial(
                            reportOnly,
                            staged,
                            EnforcerConfig.stagedServer(stagedServer, stagedTokenFile, env),
                            stagedCluster(stagedKubeconfig, stagedContext)));
        }
    }

    /** {@code --staged-kubeconfig FILE [--staged-context NAME]}, or null. */
    private static Cluster stagedCluster(Path kubeconfig, String context) {
        if (kubeconfig == null && context != null) {
            throw new IllegalArgumentException("--staged-context needs --staged-kubeconfig FILE");
        }
        return kubeconfig == null ? null : new Cluster(kubeconfig, context);
    }

    /** {@code --staged-server URL}: its token from {@code --staged-token-file FILE}, else {@code $EGRESS_TOKEN}. */
    private static Server stagedServer(String url, Path tokenFile, java.util.Map<String, String> env) {
        if (url == null) {
            if (tokenFile != null) {
                throw new IllegalArgumentException("--staged-token-file needs --staged-server URL");
            }
            return null;
        }
        String token = tokenFile != null ? readToken(tokenFile) : env.get(TOKEN_ENV);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("--staged-server URL needs the token egress serve prints: "
                    + "--staged-token-file FILE or $" + TOKEN_ENV);
        }
        return new Server(java.net.URI.create(url), token.strip());
    }

    /** {@code --admin ADDR:PORT|off}: null for off. */
    public static InetSocketAddress adminAddress(String v) {
        return v.equals("off") ? null : address(v, "--admin");
    }

    /** {@code on|off}; anything else names the option. */
    public static boolean onOff(String v, String option) {
        return switch (v) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(option + " expects on or off, got '" + v + "'");
        };
    }

    /** The token in {@code file}: its content without surrounding white space; an error names the file. */
    static String readToken(Path file) {
        String text;
        try {
            text = java.nio.file.Files.readString(file).strip();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read --token-file " + file + ": " + e.getMessage());
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException(file + ": --token-file is empty");
        }
        return text;
    }

    /** A whole number of milliseconds, 0 or more; anything else names the option. */
    public static Duration millis(String v, String option) {
        return Duration.ofMillis(number(v, option));
    }

    /** A whole number, 0 or more; anything else names the option. */
    public static long number(String v, String option) {
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a whole number, 0 or more, got '" + v + "'");
        }
    }

    /** Parses {@code ADDR:PORT}, or {@code :PORT} (every interface: 0.0.0.0, asked for explicitly). */
    public static InetSocketAddress address(String text, String option) {
        int colon = text.lastIndexOf(':');
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            String host = colon <= 0 ? "0.0.0.0" : text.substring(0, colon);
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(option + " expects ADDR:PORT, got '" + text + "'");
        }
    }
}
