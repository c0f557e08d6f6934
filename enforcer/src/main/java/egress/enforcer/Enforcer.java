package egress.enforcer;

import egress.enforcer.config.EnforcerConfig;
import egress.enforcer.config.FilePolicySource;
import egress.enforcer.config.KubernetesPolicySource;
import egress.enforcer.config.PolicySource;
import egress.enforcer.config.Readiness;
import egress.enforcer.config.ServerPolicySource;
import egress.enforcer.config.Trial;
import egress.enforcer.identity.PodInformer;
import egress.enforcer.netty.AdminServer;
import egress.enforcer.netty.DecisionTrial;
import egress.enforcer.netty.EgressProxy;
import egress.enforcer.netty.EventLoops;
import egress.enforcer.netty.GatedListener;
import egress.enforcer.netty.ProxyContext;
import egress.enforcer.observe.AccessLog;
import egress.enforcer.observe.Metrics;
import egress.enforcer.observe.RecentDecisions;
import egress.enforcer.observe.TrialMetrics;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running enforcer: live policies, one proxy listener per identity, the admin port. */
public final class Enforcer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Enforcer.class);
    private final EventLoopGroup group;
    private final PolicySource policies;
    private final Metrics metrics;
    private final List<EgressProxy> proxies = new ArrayList<>();
    private final List<GatedListener> transparent = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean draining;
    private PodInformer pods;
    private AdminServer admin;
    private AccessLog ownedLog;
    private PolicySource staged;

    private Enforcer(EventLoopGroup group, PolicySource policies, Metrics metrics) {
        this.group = group;
        this.policies = policies;
        this.metrics = metrics;
    }

    /**
     * What a process whose job is to run the enforcer ({@code egress enforce}, the image) sets first: Netty's
     * buffer leak detection off, unless {@code -Dio.netty.leakDetection.level} says otherwise. At its default level
     * it records a stack trace for one buffer in 128 and touches every message on its way through a pipeline, about
     * 5 % of the forwarding path's CPU (JFR, BENCHMARKS.md); the tests keep it on, which is where a leak is found.
     */
    public static void asProcess() {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    /**
     * Loads the policies (a failure leaves the enforcer refusing everything), then binds every listener, with the
     * access log on standard output, written in batches off the event loops.
     */
    public static Enforcer start(EnforcerConfig config) throws IOException, InterruptedException {
        AccessLog log = AccessLog.async(System.out);
        try {
            Enforcer e = start(config, log);
            e.ownedLog = log;
            return e;
        } catch (IOException | InterruptedException | RuntimeException ex) {
            log.close();
            throw ex;
        }
    }

    public static Enforcer start(EnforcerConfig config, AccessLog accessLog) throws IOException, InterruptedException {
        EnforcerConfig.Cluster cluster = config.cluster();
        EnforcerConfig.Server server = config.server();
        return start(
                config,
                accessLog,
                metrics -> cluster != null
                        ? KubernetesPolicySource.connect(
                                cluster.kubeconfig(), cluster.context(), config.engine(), metrics)
                        : server != null
                                ? new ServerPolicySource(server.url(), server.token(), config.engine(), metrics)
                                : new FilePolicySource(config.resources(), config.engine(), metrics, config.watch()));
    }

    /**
     * Starts with policies from {@code source} (given the enforcer's metrics); the enforcer closes the source.
     * The listeners are bound even when the first load fails: they refuse everything until a load succeeds.
     */
    public static Enforcer start(EnforcerConfig config, AccessLog accessLog, Function<Metrics, PolicySource> source)
            throws IOException, InterruptedException {
        Metrics metrics = new Metrics(config.limits().metricsMaxHosts());
        PolicySource policies = source.apply(metrics);
        Enforcer e = new Enforcer(EventLoops.newGroup(EventLoops.perCore()), policies, metrics);
        try {
            policies.start();
            if (config.identityFrom() == EnforcerConfig.IdentityFrom.POD_IP) {
                e.pods = PodInformer.connect(
                        config.cluster().kubeconfig(), config.cluster().context());
                e.pods.start();
            }
            DecisionTrial trial = e.startTrial(config, metrics);
            for (EnforcerConfig.Listener l : config.listeners()) {
                ProxyContext ctx = ProxyContext.of(l.identity(), policies, config.hosts(), accessLog, metrics)
                        .withTimeouts(config.sniffTimeout(), config.headerTimeout(), config.connectTimeout())
                        .withLimits(config.limits())
                        .withSniDestinationCheck(config.sniDestinationCheck())
                        .withTrial(trial);
                if (e.pods != null) {
                    EgressProxy proxy = EgressProxy.startByPodAddress(ctx, l.address(), e.group, e.pods.index());
                    e.proxies.add(proxy);
                    LOG.info("proxy for every pod (identity from the source address) listening on {}", proxy.address());
                } else if (config.mode() == EnforcerConfig.Mode.TRANSPARENT) {
                    GatedListener t = GatedListener.transparent(ctx, l.address(), e.group);
                    e.transparent.add(t);
                    LOG.info(
                            "transparent listener for {} on {} ({})",
                            l.identity(),
                            t.address(),
                            t.listening() ? "bound" : "not bound: no outbound configuration, connections are refused");
                } else if (config.sidecarListener()) {
                    GatedListener t = GatedListener.proxy(ctx, l.address(), e.group);
                    e.transparent.add(t);
                    LOG.info(
                            "sidecar-like proxy listener for {} on {} ({})",
                            l.identity(),
                            t.address(),
                            t.listening() ? "bound" : "not bound: no outbound configuration, connections are refused");
                } else {
                    EgressProxy proxy = EgressProxy.start(ctx, l.address(), e.group);
                    e.proxies.add(proxy);
                    LOG.info(
                            "proxy for {} listening on {} ({})", l.identity(), proxy.address(), EventLoops.transport());
                }
            }
            if (config.admin() != null) {
                RecentDecisions recent = new RecentDecisions(RecentDecisions.DEFAULT_CAPACITY);
                accessLog.keepRecent(recent); // served as /decisions, for a designer following this enforcer
                e.admin = AdminServer.start(config.admin(), e.group, metrics, e::readiness, recent);
                LOG.info("admin listening on port {}", e.admin.port());
            }
            return e;
        } catch (IOException | InterruptedException | RuntimeException ex) {
            e.close();
            throw ex;
        }
    }

    /**
     * {@code --report-only} and {@code --staged}: the staged files (followed, as {@code --resources} are) or the staged
     * server's workspace are loaded by a source of their own, whose loads touch neither {@code /ready} nor the live
     * snapshot metrics.
     */
    private DecisionTrial startTrial(EnforcerConfig config, Metrics metrics) throws IOException {
        Trial t = config.trial();
        if (!t.reportOnly() && !t.hasStaged()) {
            return DecisionTrial.OFF;
        }
        if (t.reportOnly()) {
            LOG.warn("report-only: decisions are logged and counted, but nothing the policies refuse is refused");
        }
        if (t.hasStaged()) {
            Metrics unused = new Metrics(0); // the staged loads are not the live snapshot's: kept out of /metrics
            EnforcerConfig.Server from = t.stagedServer();
            EnforcerConfig.Cluster cluster = t.stagedCluster();
            staged = from != null
                    ? new ServerPolicySource(from.url(), from.token(), config.engine(), unused)
                    : cluster != null
                            ? KubernetesPolicySource.connect(
                                    cluster.kubeconfig(), cluster.context(), config.engine(), unused)
                            : new FilePolicySource(t.staged(), config.engine(), unused, config.watch());
            staged.start();
            LOG.info(
                    "staged policies from {} (snapshot {}) decided beside the live ones",
                    staged.describe(),
                    staged.get().version());
        }
        PolicySource s = staged;
        return new DecisionTrial(
                t.reportOnly(),
                s,
                new TrialMetrics(
                        metrics,
                        t.reportOnly(),
                        s == null ? null : () -> s.get().version()));
    }

    /** The port of each listener, in the order of the configuration (transparent ones may not be bound yet). */
    public List<Integer> proxyPorts() {
        List<Integer> ports =
                new ArrayList<>(proxies.stream().map(EgressProxy::port).toList());
        transparent.forEach(t -> ports.add(t.port()));
        return ports;
    }

    /** Transparent mode: whether each listener is bound now (the pod has outbound configuration). */
    public List<Boolean> transparentListening() {
        return transparent.stream().map(GatedListener::listening).toList();
    }

    /** The bound admin port, or -1 when there is none. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /**
     * What {@code /ready} answers: not ready while draining or while the pod index (pod-ip identities) has not
     * synced; otherwise the policy source's own readiness (loaded, current, its watches up).
     */
    public Readiness readiness() {
        if (draining) {
            return Readiness.notReady("draining: this replica is shutting down, new connections go elsewhere");
        }
        if (pods != null && !pods.index().synced()) {
            return Readiness.notReady(
                    "pod index not synced: the pods cannot be listed yet, so no client has an identity");
        }
        return policies.readiness();
    }

    /** Ready for traffic: see {@link #readiness()}. */
    public boolean ready() {
        return readiness().ready();
    }

    /** {@code --identity-from pod-ip}: the Pod informer and its address index; null otherwise. */
    public PodInformer pods() {
        return pods;
    }

    /**
     * A graceful stop (SIGTERM): reports not ready, closes the listeners so that new connections are refused
     * (a Service sends them to another replica), waits up to {@code grace} for the connections in flight to
     * finish, then {@link #close()}s, which cuts whatever is still open. Returns the connections cut.
     */
    public long drain(Duration grace) throws InterruptedException {
        draining = true;
        proxies.forEach(EgressProxy::drain);
        transparent.forEach(GatedListener::close);
        long deadline = System.nanoTime() + grace.toNanos();
        LOG.info(
                "draining: listeners closed, {} connections in flight, up to {} s",
                metrics.activeConnections(),
                grace.toSeconds());
        while (metrics.activeConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50); // a production poll of a gauge, not a test's synchronisation
        }
        long cut = Math.max(0, metrics.activeConnections());
        if (cut > 0) {
            LOG.info("drained: the grace period ended with {} connections open; they are cut", cut);
        } else {
            LOG.info("drained: every connection finished");
        }
        close();
        return cut;
    }

    public PolicySource policies() {
        return policies;
    }

    public Metrics metrics() {
        return metrics;
    }

    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        proxies.forEach(EgressProxy::close);
        transparent.forEach(GatedListener::close);
        if (admin != null) {
            admin.close();
        }
        policies.close();
        if (pods != null) {
            pods.close();
        }
        if (staged != null) {
            staged.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (ownedLog != null) {
            ownedLog.close();
        }
        closed.countDown();
    }
}
