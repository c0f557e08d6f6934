package egress.enforcer.observe;

import egress.policy.match.Decision;
import egress.policy.model.ObjectRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counters for the admin port, rendered in the Prometheus text format (version 0.0.4).
 *
 * <p>The label sets are bounded: decisions are counted by verdict, signal, policy and requested host, but
 * only the first {@code maxHosts} distinct hosts (allowed or refused, whichever come first) get a series of
 * their own; every later host is counted under {@code host="(other)"}, which no host name can be. So a client
 * that asks for 40,000 made-up names adds one series, not 40,000.
 */
public final class Metrics {
    /** Distinct host labels kept by default ({@code --metrics-max-hosts}). */
    public static final int DEFAULT_MAX_HOSTS = 200;
    /** The host label of every host past the cap. */
    public static final String OTHER_HOSTS = "(other)";

    private static final double[] CONNECT_BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5};
    private final int maxHosts;
    private final Set<String> hosts = ConcurrentHashMap.newKeySet();
    private final AtomicInteger hostCount = new AtomicInteger();
    private final Map<DecisionKey, LongAdder> decisions = new ConcurrentHashMap<>();
    private final AtomicLong activeConnections = new AtomicLong();
    private final LongAdder bytesUp = new LongAdder();
    private final LongAdder bytesDown = new LongAdder();
    private final LongAdder[] connectBuckets = new LongAdder[CONNECT_BUCKETS.length];
    private final LongAdder connectCount = new LongAdder();
    private final LongAdder connectMicros = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final AtomicLong snapshotVersion = new AtomicLong();
    private final AtomicLong snapshotLoadedMillis = new AtomicLong();
    private final LongAdder reloads = new LongAdder();
    private final LongAdder reloadFailures = new LongAdder();
    private final AtomicInteger rejectedObjects = new AtomicInteger();
    private volatile boolean stale;
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder revoked = new LongAdder();
    private final List<Gauge> gauges = new CopyOnWriteArrayList<>();
    private final List<Supplier<String>> sections = new CopyOnWriteArrayList<>();

    /** The policy as its reference: its text is made when the metrics are rendered, not per decision. */
    private record DecisionKey(String verdict, String signal, ObjectRef policy, String host) {}

    /** A gauge a policy source adds (watch state): its series by label text ({@code kind="egresses"}, or ""). */
    private record Gauge(String name, String help, Supplier<Map<String, Long>> series) {}

    private final Map<String, LongAdder> identityRefusals = new ConcurrentHashMap<>();

    public Metrics() {
        this(DEFAULT_MAX_HOSTS);
    }

    /** @param maxHosts how many distinct hosts get a series of their own; the rest share {@link #OTHER_HOSTS} */
    public Metrics(int maxHosts) {
        if (maxHosts < 0) {
            throw new IllegalArgumentException("the host label cap must be 0 or more, got " + maxHosts);
        }
        this.maxHosts = maxHosts;
        for (int i = 0; i < connectBuckets.length; i++) {
            connectBuckets[i] = new LongAdder();
        }
    }

    public void decided(Decision d, String host) {
        counter(d, host).increment();
    }

    private LongAdder counter(Decision d, String host) {
        String verdict = d == null ? "invalid" : d.verdict().id();
        String signal = d == null || d.signal() == null ? "" : d.signal().id();
        ObjectRef policy = d == null ? null : d.policy();
        return decisions.computeIfAbsent(
                new DecisionKey(verdict, signal, policy, hostLabel(host)), k -> new LongAdder());
    }

    /**
     * {@link #decided} for one connection's requests, which mostly repeat the decision and host before them: the
     * counter of the last one is kept and counted again while they do (same verdict, signal and policy, same host),
     * without building and looking up the series' key per request. One event loop's use only.
     */
    public final class DecisionCount {
        private Decision last;
        private String lastHost;
        private LongAdder counter;

        public void decided(Decision d, String host) {
            if (counter == null || !sameSeries(d, host)) {
                counter = counter(d, host);
                last = d;
                lastHost = host;
            }
            counter.increment();
        }

        private boolean sameSeries(Decision d, String host) {
            return d != null
                    && last != null
                    && (d == last
                            || d.verdict() == last.verdict()
                                    && d.signal() == last.signal()
                                    && Objects.equals(d.policy(), last.policy()))
                    && Objects.equals(host, lastHost);
        }
    }

    /** The host's own label while there is room under the cap (or it already has one), else {@link #OTHER_HOSTS}. */
    private String hostLabel(String host) {
        if (host == null || host.isEmpty()) {
            return "";
        }
        if (hosts.contains(host)) {
            return host;
        }
        if (hostCount.incrementAndGet() > maxHosts) {
            hostCount.decrementAndGet();
            return OTHER_HOSTS;
        }
        if (!hosts.add(host)) {
            hostCount.decrementAndGet(); // another thread added it meanwhile
        }
        return host;
    }

    public void connectionOpened() {
        activeConnections.incrementAndGet();
    }

    public void connectionClosed() {
        activeConnections.decrementAndGet();
    }

    public void bytes(long up, long down) {
        if (up != 0) {
            bytesUp.add(up);
        }
        if (down != 0) {
            bytesDown.add(down); // a relay's read moves bytes one way: no atomic add of 0 for the other
        }
    }

    public void upstreamConnected(long nanos) {
        double seconds = nanos / 1e9;
        for (int i = 0; i < CONNECT_BUCKETS.length; i++) {
            if (seconds <= CONNECT_BUCKETS[i]) {
                connectBuckets[i].increment();
            }
        }
        connectCount.increment();
        connectMicros.add(nanos / 1000);
    }

    public void upstreamConnectFailed() {
        connectFailures.increment();
    }

    public void snapshotLoaded(long version) {
        snapshotVersion.set(version);
        snapshotLoadedMillis.set(System.currentTimeMillis());
        reloads.increment();
        stale = false;
    }

    /** A load failed: counted, and the snapshot in use is stale until the next load succeeds. */
    public void reloadFailed() {
        reloadFailures.increment();
        stale = true;
    }

    /** How many objects the last load skipped because a cluster would not have admitted them. */
    public void rejectedObjects(int n) {
        rejectedObjects.set(n);
    }

    /** A connection closed by one of the proxy's timeouts (request body, response, tunnel idle, age). */
    public void timedOut() {
        timeouts.increment();
    }

    /** A tunnel closed because a newer snapshot no longer allows it. */
    public void revoked() {
        revoked.increment();
    }

    /** Adds a gauge rendered with the others; {@code series} maps label text ({@code kind="x"}, or "") to values. */
    public void gauge(String name, String help, Supplier<Map<String, Long>> series) {
        gauges.add(new Gauge(name, help, series));
    }

    /** {@code --identity-from pod-ip}: a connection refused because its source address names no single pod. */
    public void identityRefused(String reason) {
        identityRefusals.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    /** Adds metric families rendered after the others, whole ({@code # HELP}, {@code # TYPE} and series lines). */
    public void section(Supplier<String> families) {
        sections.add(families);
    }

    public long activeConnections() {
        return activeConnections.get();
    }

    /** How many distinct decision series exist now (bounded by policies x signals x (cap + 1) hosts). */
    public int decisionSeries() {
        return decisions.size();
    }

    /** The whole exposition, sorted so that it is stable for tests and diffs. */
    public String render() {
        StringBuilder s = new StringBuilder();
        s.append(
                        "# HELP egress_decisions_total Decisions taken, by verdict, signal, policy and requested host (the first ")
                .append(maxHosts)
                .append(" hosts; later ones as host=\"")
                .append(OTHER_HOSTS)
                .append("\").\n");
        s.append("# TYPE egress_decisions_total counter\n");
        Map<String, Long> lines = new TreeMap<>();
        decisions.forEach((k, v) -> lines.put(
                "verdict=\"" + k.verdict() + "\",signal=\"" + k.signal() + "\",policy=\""
                        + escape(k.policy() == null ? "" : k.policy().toString()) + "\",host=\"" + escape(k.host())
                        + "\"",
                v.sum()));
        lines.forEach((k, v) -> s.append("egress_decisions_total{")
                .append(k)
                .append("} ")
                .append(v)
                .append('\n'));
        gauge(
                s,
                "egress_metrics_hosts",
                "Hosts with a decision series of their own (at most the cap).",
                hostCount.get());
        gauge(s, "egress_active_connections", "Client connections open now.", activeConnections.get());
        s.append("# HELP egress_bytes_total Bytes relayed, by direction.\n# TYPE egress_bytes_total counter\n");
        s.append("egress_bytes_total{direction=\"up\"} ").append(bytesUp.sum()).append('\n');
        s.append("egress_bytes_total{direction=\"down\"} ")
                .append(bytesDown.sum())
                .append('\n');
        s.append("# HELP egress_upstream_connect_seconds Time to connect to an upstream.\n");
        s.append("# TYPE egress_upstream_connect_seconds histogram\n");
        for (int i = 0; i < CONNECT_BUCKETS.length; i++) {
            s.append("egress_upstream_connect_seconds_bucket{le=\"")
                    .append(CONNECT_BUCKETS[i])
                    .append("\"} ")
                    .append(connectBuckets[i].sum())
                    .append('\n');
        }
        s.append("egress_upstream_connect_seconds_bucket{le=\"+Inf\"} ")
                .append(connectCount.sum())
                .append('\n');
        s.append("egress_upstream_connect_seconds_sum ")
                .append(connectMicros.sum() / 1e6)
                .append('\n');
        s.append("egress_upstream_connect_seconds_count ")
                .append(connectCount.sum())
                .append('\n');
        counter(
                s,
                "egress_upstream_connect_failures_total",
                "Upstream connections that failed.",
                connectFailures.sum());
        counter(s, "egress_timeouts_total", "Connections or requests ended by a timeout.", timeouts.sum());
        counter(
                s,
                "egress_tunnels_revoked_total",
                "Tunnels closed because a newer snapshot refuses them.",
                revoked.sum());
        gauge(
                s,
                "egress_policy_snapshot_version",
                "Version of the policy snapshot in use (0: none loaded).",
                snapshotVersion.get());
        long loaded = snapshotLoadedMillis.get();
        if (loaded > 0) {
            gauge(
                    s,
                    "egress_policy_snapshot_age_seconds",
                    "Seconds since the snapshot in use was loaded.",
                    (System.currentTimeMillis() - loaded) / 1000);
        }
        gauge(
                s,
                "egress_policy_snapshot_stale",
                "1 when the last policy load failed and an older snapshot is in use.",
                stale ? 1 : 0);
        gauge(
                s,
                "egress_policy_rejected_objects",
                "Objects the last load skipped: a cluster would not admit them.",
                rejectedObjects.get());
        counter(s, "egress_policy_reloads_total", "Policy snapshots loaded.", reloads.sum());
        counter(s, "egress_policy_reload_failures_total", "Policy reloads that failed.", reloadFailures.sum());
        for (Gauge g : gauges) {
            s.append("# HELP ")
                    .append(g.name())
                    .append(' ')
                    .append(g.help())
                    .append("\n# TYPE ")
                    .append(g.name())
                    .append(" gauge\n");
            new TreeMap<>(g.series().get())
                    .forEach((labels, v) -> s.append(g.name())
                            .append(labels.isEmpty() ? "" : "{" + labels + "}")
                            .append(' ')
                            .append(v)
                            .append('\n'));
        }
        if (!identityRefusals.isEmpty()) {
            s.append("# HELP egress_identity_refusals_total Connections refused because no single pod has their source "
                    + "address, by reason.\n# TYPE egress_identity_refusals_total counter\n");
            new TreeMap<>(identityRefusals)
                    .forEach((k, v) -> s.append("egress_identity_refusals_total{reason=\"")
                            .append(escape(k))
                            .append("\"} ")
                            .append(v.sum())
                            .append('\n'));
        }
        sections.forEach(f -> s.append(f.get()));
        return s.toString();
    }

    private static void gauge(StringBuilder s, String name, String help, long value) {
        s.append("# HELP ")
                .append(name)
                .append(' ')
                .append(help)
                .append("\n# TYPE ")
                .append(name)
                .append(" gauge\n")
                .append(name)
                .append(' ')
                .append(value)
                .append('\n');
    }

    private static void counter(StringBuilder s, String name, String help, long value) {
        s.append("# HELP ")
                .append(name)
                .append(' ')
                .append(help)
                .append("\n# TYPE ")
                .append(name)
                .append(" counter\n")
                .append(name)
                .append(' ')
                .append(value)
                .append('\n');
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
