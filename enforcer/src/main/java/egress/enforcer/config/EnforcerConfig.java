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
public record EnforcerConfig(List<Path> resources, Cluster cluster, Server server, List<Listener> listeners, InetSocketAddress admin, Engine engine,
                             List<ConnectTo> connectTo, Duration sniffTimeout, Duration headerTimeout,
                             Duration connectTimeout, boolean watch, Mode mode,
                             boolean sidecarListener, Limits limits, boolean sniDestinationCheck,
                             IdentityFrom identityFrom, Duration drainGrace, Trial trial) {
    public static final int DEFAULT_PROXY_PORT = 15001;
    /** Where the listeners bind unless told: this machine only. A pod's manifests ask for 0.0.0.0 explicitly. */
    public static final String DEFAULT_BIND = "127.0.0.1";
    /** The environment variable a designer server's token may come from (instead of {@code --token-file}). */
    public static final String TOKEN_ENV = "EGRESS_TOKEN";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EnforcerConfig.class);
    public static final int DEFAULT_ADMIN_PORT = 15000;
    /** Below Kubernetes' default terminationGracePeriodSeconds (30), so the drain ends before the SIGKILL. */
    public static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(25);

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
        PROXY, TRANSPARENT;

        public static Mode parse(String text) {
            return switch (text) {
                case "proxy" -> PROXY;
                case "transparent" -> TRANSPARENT;
                default -> throw new IllegalArgumentException("--mode expects proxy or transparent, got '" + text + "'");
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
            return new Listener(Identity.parse(text.substring(0, at)), EnforcerConfig.address(text.substring(at + 1), "--listener"));
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
    public record Cluster(Path kubeconfig, String context) {
    }

    /** A designer server to take the policies from: its address and access token. */
    public record Server(java.net.URI url, String token) {
    }

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
                throw new IllegalArgumentException("--identity-from pod-ip needs the cluster's pods: --kubeconfig FILE or --in-cluster");
            }
            if (mode != Mode.PROXY || sidecarListener) {
                throw new IllegalArgumentException("--identity-from pod-ip works in proxy mode only, without --sidecar-listener");
            }
            if (listeners.size() != 1 || listeners.get(0).identity() != null) {
                throw new IllegalArgumentException("--identity-from pod-ip decides the identity per connection: give --listen "
                        + "ADDR:PORT, not --identity or --listener");
            }
        }
        if (drainGrace.isNegative()) {
            throw new IllegalArgumentException("--drain-grace-seconds must not be negative");
        }
        if (mode == Mode.TRANSPARENT && listeners.stream().anyMatch(l -> l.address().getPort() == 0)) {
            throw new IllegalArgumentException("transparent mode needs a fixed --listen port: the iptables redirect names it");
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

    /**
     * Parses plain options: {@code -f|--resources PATH} (repeatable), or a cluster with {@code --kubeconfig FILE}
     * and {@code --context NAME}, or {@code --in-cluster}; {@code --identity NS/SA},
     * {@code --listen ADDR:PORT} (default 127.0.0.1:15001), {@code --listener NS/SA@ADDR:PORT} (repeatable,
     * more listeners), {@code --listeners FILE} (a file of them, one a line), {@code --admin ADDR:PORT|off}
     * (default 127.0.0.1:15000), {@code --engine osm|pipy},
     * {@code --connect-to HOST:PORT:ADDR:PORT} (repeatable), {@code --sniff-timeout-ms N},
     * {@code --header-timeout-ms N}, {@code --connect-timeout-ms N}, {@code --no-watch},
     * {@code --mode proxy|transparent} (transparent: each listener is the redirect port of one pod);
     * {@code --sni-destination-check on|off} (default on);
     * {@code --server URL} with {@code --token-file FILE} or {@code $EGRESS_TOKEN} ({@code --token T} still works but
     * shows the token to every user of {@code ps}, and warns); the {@link Limits}: {@code --request-body-timeout-ms},
     * {@code --response-timeout-ms}, {@code --response-idle-timeout-ms}, {@code --tunnel-idle-timeout-ms},
     * {@code --max-connection-age-ms}, {@code --revoke-drain-ms} (0 turns one off), {@code --metrics-max-hosts N};
     * {@code --identity-from pod-ip} (one listener, the identity of each connection from its pod's address),
     * {@code --drain-grace-seconds N} (SIGTERM: how long connections in flight may finish, default 25);
     * the {@link Trial}: {@code --report-only}, {@code --staged FILE|DIR} (repeatable) or {@code --staged-server URL}
     * with {@code --staged-token-file FILE} (or {@code $EGRESS_TOKEN}).
     */
    public static EnforcerConfig parse(List<String> args) {
        return parse(args, System.getenv());
    }

    /** As {@link #parse(List)}, with {@code env} in place of the process environment ({@code EGRESS_TOKEN}). */
    public static EnforcerConfig parse(List<String> args, java.util.Map<String, String> env) {
        List<Path> resources = new ArrayList<>();
        List<Listener> listeners = new ArrayList<>();
        List<ConnectTo> connectTo = new ArrayList<>();
        Identity identity = null;
        InetSocketAddress listen = new InetSocketAddress(DEFAULT_BIND, DEFAULT_PROXY_PORT);
        InetSocketAddress admin = new InetSocketAddress(DEFAULT_BIND, DEFAULT_ADMIN_PORT);
        Limits limits = Limits.DEFAULTS;
        Path tokenFile = null;
        Engine engine = Engine.OSM;
        Duration sniff = Duration.ofMillis(300);
        Duration header = Duration.ofSeconds(10);
        Duration connect = Duration.ofSeconds(5);
        boolean watch = true;
        Mode mode = Mode.PROXY;
        boolean sidecar = false;
        boolean sniCheck = true;
        boolean inCluster = false;
        boolean reportOnly = false;
        List<Path> staged = new ArrayList<>();
        String stagedServer = null;
        Path stagedTokenFile = null;
        Path kubeconfig = null;
        String context = null;
        String serverUrl = null;
        String token = null;
        IdentityFrom identityFrom = IdentityFrom.LISTENER;
        Duration drainGrace = DEFAULT_DRAIN_GRACE;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--no-watch")) {
                watch = false;
                continue;
            }
            if (a.equals("--sidecar-listener")) {
                sidecar = true;
                continue;
            }
            if (a.equals("--in-cluster")) {
                inCluster = true;
                continue;
            }
            if (a.equals("--report-only")) {
                reportOnly = true;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args.get(++i);
            switch (a) {
                case "-f", "--resources" -> resources.add(Path.of(v));
                case "--staged" -> {
                    if (!java.nio.file.Files.exists(Path.of(v))) {
                        throw new IllegalArgumentException("--staged " + v + ": no such file or folder");
                    }
                    staged.add(Path.of(v));
                }
                case "--kubeconfig" -> kubeconfig = Path.of(v);
                case "--context" -> context = v;
                case "--server" -> serverUrl = v;
                case "--token" -> {
                    token = v;
                    LOG.warn("--token shows the token to every user of this machine (ps, /proc); "
                            + "use --token-file FILE or the environment variable {} instead", TOKEN_ENV);
                }
                case "--token-file" -> tokenFile = Path.of(v);
                case "--staged-server" -> stagedServer = v;
                case "--staged-token-file" -> stagedTokenFile = Path.of(v);
                case "--identity" -> identity = Identity.parse(v);
                case "--listen" -> listen = address(v, a);
                case "--listener" -> listeners.add(Listener.parse(v));
                case "--listeners" -> listeners.addAll(Listener.readFile(Path.of(v)));
                case "--admin" -> admin = v.equals("off") ? null : address(v, a);
                case "--engine" -> engine = Engine.parse(v);
                case "--connect-to" -> connectTo.add(ConnectTo.parse(v));
                case "--sniff-timeout-ms" -> sniff = millis(v, a);
                case "--header-timeout-ms" -> header = millis(v, a);
                case "--connect-timeout-ms" -> connect = millis(v, a);
                case "--request-body-timeout-ms" -> limits = limits.withRequestBodyTimeout(millis(v, a));
                case "--response-timeout-ms" -> limits = limits.withResponseTimeout(millis(v, a));
                case "--response-idle-timeout-ms" -> limits = limits.withResponseIdleTimeout(millis(v, a));
                case "--tunnel-idle-timeout-ms" -> limits = limits.withTunnelIdleTimeout(millis(v, a));
                case "--max-connection-age-ms" -> limits = limits.withMaxConnectionAge(millis(v, a));
                case "--revoke-drain-ms" -> limits = limits.withRevokeDrain(millis(v, a));
                case "--metrics-max-hosts" -> limits = limits.withMetricsMaxHosts((int) number(v, a));
                case "--mode" -> mode = Mode.parse(v);
                case "--sni-destination-check" -> sniCheck = onOff(v, a);
                case "--identity-from" -> identityFrom = IdentityFrom.parse(v);
                case "--drain-grace-seconds" -> drainGrace = Duration.ofSeconds(number(v, a));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (identity != null) {
            listeners.add(0, new Listener(identity, listen));
        } else if (identityFrom == IdentityFrom.POD_IP && listeners.isEmpty()) {
            listeners.add(new Listener(null, listen));
        }
        if (inCluster && kubeconfig != null) {
            throw new IllegalArgumentException("--in-cluster and --kubeconfig exclude each other");
        }
        Cluster cluster = inCluster || kubeconfig != null ? new Cluster(kubeconfig, context) : null;
        if (cluster == null && context != null) {
            throw new IllegalArgumentException("--context needs --kubeconfig FILE");
        }
        if (token != null && tokenFile != null) {
            throw new IllegalArgumentException("--token and --token-file exclude each other");
        }
        if (tokenFile != null) {
            token = readToken(tokenFile);
        }
        if (serverUrl != null && token == null) {
            String fromEnv = env.get(TOKEN_ENV);
            token = fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
        }
        if ((serverUrl == null) != (token == null)) {
            throw new IllegalArgumentException(serverUrl == null
                    ? "--token-file and --token need --server URL"
                    : "--server URL needs the token egress serve prints: --token-file FILE or $" + TOKEN_ENV);
        }
        Server server = serverUrl == null ? null : new Server(java.net.URI.create(serverUrl), token);
        if (resources.isEmpty() && cluster == null && server == null) {
            throw new IllegalArgumentException("no policies given: use -f FILE_OR_FOLDER, --kubeconfig FILE, --in-cluster or --server URL (token: --token-file FILE or $EGRESS_TOKEN)");
        }
        return new EnforcerConfig(resources, cluster, server, listeners, admin, engine, connectTo, sniff, header, connect, watch,
                mode, sidecar, limits, sniCheck, identityFrom, drainGrace,
                new Trial(reportOnly, staged, stagedServer(stagedServer, stagedTokenFile, env)));
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

    private static boolean onOff(String v, String option) {
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

    private static Duration millis(String v, String option) {
        return Duration.ofMillis(number(v, option));
    }

    private static long number(String v, String option) {
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
    static InetSocketAddress address(String text, String option) {
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
