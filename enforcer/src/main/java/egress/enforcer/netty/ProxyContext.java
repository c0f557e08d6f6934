package egress.enforcer.netty;

import egress.enforcer.config.HostsTable;
import egress.enforcer.config.Limits;
import egress.enforcer.config.PolicySnapshot;
import egress.enforcer.observe.AccessLog;
import egress.enforcer.observe.Metrics;
import egress.policy.model.Identity;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What every connection of one listener shares: the client identity it stands for, where policies
 * come from, the hosts table, the timeouts, the access log and the metrics, and the listener's open
 * tunnels (re-decided when the snapshot changes). Immutable but for that registry.
 *
 * @param sniffTimeout  how long to wait for the client's first bytes after CONNECT before treating the
 *                      connection as server-first
 * @param headerTimeout how long a client may take to send a complete request head
 * @param connectTimeout how long an upstream connect may take
 * @param limits        request, response and tunnel timeouts, connection age, revocation drain
 * @param tunnels       the open tunnels of this listener, re-decided under each new snapshot
 * @param sniDestinationCheck a TLS connection allowed by its server name must be going to that name (see
 *                      {@link egress.policy.match.ServerNameCheck}); off gives osm-edge's behaviour
 * @param trial         {@code --report-only} and {@code --staged}; {@link DecisionTrial#OFF} for neither
 */
public record ProxyContext(
        Identity identity,
        Supplier<PolicySnapshot> policies,
        HostsTable hosts,
        DestinationResolver resolver,
        Duration sniffTimeout,
        Duration headerTimeout,
        Duration connectTimeout,
        AccessLog accessLog,
        Metrics metrics,
        Limits limits,
        OpenTunnels tunnels,
        boolean sniDestinationCheck,
        DecisionTrial trial) {

    public static ProxyContext of(
            Identity identity,
            Supplier<PolicySnapshot> policies,
            HostsTable hosts,
            AccessLog accessLog,
            Metrics metrics) {
        return new ProxyContext(
                identity,
                policies,
                hosts,
                DestinationResolver.SYSTEM,
                Duration.ofMillis(300),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                accessLog,
                metrics,
                Limits.DEFAULTS,
                new OpenTunnels(policies),
                true,
                DecisionTrial.OFF);
    }

    /** The same listener's context for one connection whose client is {@code client} (identity by pod address). */
    public ProxyContext withIdentity(Identity client) {
        return new ProxyContext(
                client,
                policies,
                hosts,
                resolver,
                sniffTimeout,
                headerTimeout,
                connectTimeout,
                accessLog,
                metrics,
                limits,
                tunnels,
                sniDestinationCheck,
                trial);
    }

    public ProxyContext withTimeouts(Duration sniff, Duration header, Duration connect) {
        return new ProxyContext(
                identity,
                policies,
                hosts,
                resolver,
                sniff,
                header,
                connect,
                accessLog,
                metrics,
                limits,
                tunnels,
                sniDestinationCheck,
                trial);
    }

    public ProxyContext withLimits(Limits newLimits) {
        return new ProxyContext(
                identity,
                policies,
                hosts,
                resolver,
                sniffTimeout,
                headerTimeout,
                connectTimeout,
                accessLog,
                metrics,
                newLimits,
                tunnels,
                sniDestinationCheck,
                trial);
    }

    public ProxyContext withSniDestinationCheck(boolean on) {
        return new ProxyContext(
                identity,
                policies,
                hosts,
                resolver,
                sniffTimeout,
                headerTimeout,
                connectTimeout,
                accessLog,
                metrics,
                limits,
                tunnels,
                on,
                trial);
    }

    /** The same listener with another resolver (tests: a slow or counting one). */
    public ProxyContext withResolver(DestinationResolver other) {
        return new ProxyContext(
                identity,
                policies,
                hosts,
                other,
                sniffTimeout,
                headerTimeout,
                connectTimeout,
                accessLog,
                metrics,
                limits,
                tunnels,
                sniDestinationCheck,
                trial);
    }

    /** The same listener with report-only and a staged set as {@code other} says. */
    public ProxyContext withTrial(DecisionTrial other) {
        return new ProxyContext(
                identity,
                policies,
                hosts,
                resolver,
                sniffTimeout,
                headerTimeout,
                connectTimeout,
                accessLog,
                metrics,
                limits,
                tunnels,
                sniDestinationCheck,
                other);
    }
}
