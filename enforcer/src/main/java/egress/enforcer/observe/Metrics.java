package egress.enforcer.observe;

import egress.policy.match.Decision;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters for the admin port, rendered in the Prometheus text format (version 0.0.4). */
public final class Metrics {
    private static final double[] CONNECT_BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5};
    private final Map<String, LongAdder> decisions = new ConcurrentHashMap<>();
    private final AtomicLong activeConnections = new AtomicLong();
    private final LongAdder bytesUp = new LongAdder();
    private final LongAdder bytesDown = new LongAdder();
    private final LongAdder[] connectBuckets = new LongAdder[CONNECT_BUCKETS.length];
    private final LongAdder connectCount = new LongAdder();
    private final LongAdder connectMicros = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final AtomicLong snapshotVersion = new AtomicLong();
    private final LongAdder reloads = new LongAdder();
    private final LongAdder reloadFailures = new LongAdder();
    private final Map<String, LongAdder> identityRefusals = new ConcurrentHashMap<>();

    public Metrics() {
        for (int i = 0; i < connectBuckets.length; i++) {
            connectBuckets[i] = new LongAdder();
        }
    }

    public void decided(Decision d, String host) {
        String verdict = d == null ? "invalid" : d.verdict().id();
        String signal = d == null || d.signal() == null ? "" : d.signal().id();
        String policy = d == null || d.policy() == null ? "" : d.policy().toString();
        String key = "verdict=\"" + verdict + "\",signal=\"" + signal + "\",policy=\"" + escape(policy)
                + "\",host=\"" + escape(host == null ? "" : host) + "\"";
        decisions.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    public void connectionOpened() {
        activeConnections.incrementAndGet();
    }

    public void connectionClosed() {
        activeConnections.decrementAndGet();
    }

    public void bytes(long up, long down) {
        bytesUp.add(up);
        bytesDown.add(down);
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
        reloads.increment();
    }

    public void reloadFailed() {
        reloadFailures.increment();
    }

    /** {@code --identity-from pod-ip}: a connection refused because its source address names no single pod. */
    public void identityRefused(String reason) {
        identityRefusals.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    public long activeConnections() {
        return activeConnections.get();
    }

    /** The whole exposition, sorted so that it is stable for tests and diffs. */
    public String render() {
        StringBuilder s = new StringBuilder();
        s.append("# HELP egress_decisions_total Decisions taken, by verdict, signal, policy and requested host.\n");
        s.append("# TYPE egress_decisions_total counter\n");
        new TreeMap<>(decisions).forEach((k, v) -> s.append("egress_decisions_total{").append(k).append("} ")
                .append(v.sum()).append('\n'));
        gauge(s, "egress_active_connections", "Client connections open now.", activeConnections.get());
        s.append("# HELP egress_bytes_total Bytes relayed, by direction.\n# TYPE egress_bytes_total counter\n");
        s.append("egress_bytes_total{direction=\"up\"} ").append(bytesUp.sum()).append('\n');
        s.append("egress_bytes_total{direction=\"down\"} ").append(bytesDown.sum()).append('\n');
        s.append("# HELP egress_upstream_connect_seconds Time to connect to an upstream.\n");
        s.append("# TYPE egress_upstream_connect_seconds histogram\n");
        for (int i = 0; i < CONNECT_BUCKETS.length; i++) {
            s.append("egress_upstream_connect_seconds_bucket{le=\"").append(CONNECT_BUCKETS[i]).append("\"} ")
                    .append(connectBuckets[i].sum()).append('\n');
        }
        s.append("egress_upstream_connect_seconds_bucket{le=\"+Inf\"} ").append(connectCount.sum()).append('\n');
        s.append("egress_upstream_connect_seconds_sum ").append(connectMicros.sum() / 1e6).append('\n');
        s.append("egress_upstream_connect_seconds_count ").append(connectCount.sum()).append('\n');
        counter(s, "egress_upstream_connect_failures_total", "Upstream connections that failed.", connectFailures.sum());
        gauge(s, "egress_policy_snapshot_version", "Version of the policy snapshot in use (0: none loaded).",
                snapshotVersion.get());
        counter(s, "egress_policy_reloads_total", "Policy snapshots loaded.", reloads.sum());
        counter(s, "egress_policy_reload_failures_total", "Policy reloads that failed.", reloadFailures.sum());
        if (!identityRefusals.isEmpty()) {
            s.append("# HELP egress_identity_refusals_total Connections refused because no single pod has their source "
                    + "address, by reason.\n# TYPE egress_identity_refusals_total counter\n");
            new TreeMap<>(identityRefusals).forEach((k, v) -> s.append("egress_identity_refusals_total{reason=\"")
                    .append(escape(k)).append("\"} ").append(v.sum()).append('\n'));
        }
        return s.toString();
    }

    private static void gauge(StringBuilder s, String name, String help, long value) {
        s.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(value).append('\n');
    }

    private static void counter(StringBuilder s, String name, String help, long value) {
        s.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(value).append('\n');
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
