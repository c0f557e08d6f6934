package egress.enforcer.config;

import egress.enforcer.observe.Metrics;
import java.time.Duration;

/**
 * How long connections may hold the proxy, and how many hosts the metrics name. A zero duration turns that
 * limit off.
 *
 * @param requestBodyTimeout  from a request head to the last byte of its body (408 when it runs out)
 * @param responseTimeout     from the end of a request to the first byte of the upstream's response (504)
 * @param responseIdleTimeout between two parts of an upstream's response (the connection is closed)
 * @param tunnelIdleTimeout   a CONNECT or transparent tunnel with no byte either way for this long is closed
 * @param maxConnectionAge    any client connection is closed this long after it was accepted
 * @param revokeDrain         a tunnel a newer snapshot no longer allows is closed this long after that snapshot
 *                            is seen (unless a still newer one allows it again)
 * @param metricsMaxHosts     distinct hosts with a metrics series of their own; later ones share one
 */
public record Limits(
        Duration requestBodyTimeout,
        Duration responseTimeout,
        Duration responseIdleTimeout,
        Duration tunnelIdleTimeout,
        Duration maxConnectionAge,
        Duration revokeDrain,
        int metricsMaxHosts) {
    public static final Limits DEFAULTS = new Limits(
            Duration.ofSeconds(60),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            Duration.ofMinutes(5),
            Duration.ofHours(1),
            Duration.ofSeconds(5),
            Metrics.DEFAULT_MAX_HOSTS);

    public Limits {
        for (Duration d : new Duration[] {
            requestBodyTimeout, responseTimeout, responseIdleTimeout, tunnelIdleTimeout, maxConnectionAge, revokeDrain
        }) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("a timeout cannot be negative: " + d);
            }
        }
        if (metricsMaxHosts < 0) {
            throw new IllegalArgumentException("--metrics-max-hosts must be 0 or more, got " + metricsMaxHosts);
        }
    }

    public Limits withRequestBodyTimeout(Duration d) {
        return new Limits(
                d,
                responseTimeout,
                responseIdleTimeout,
                tunnelIdleTimeout,
                maxConnectionAge,
                revokeDrain,
                metricsMaxHosts);
    }

    public Limits withResponseTimeout(Duration d) {
        return new Limits(
                requestBodyTimeout,
                d,
                responseIdleTimeout,
                tunnelIdleTimeout,
                maxConnectionAge,
                revokeDrain,
                metricsMaxHosts);
    }

    public Limits withResponseIdleTimeout(Duration d) {
        return new Limits(
                requestBodyTimeout,
                responseTimeout,
                d,
                tunnelIdleTimeout,
                maxConnectionAge,
                revokeDrain,
                metricsMaxHosts);
    }

    public Limits withTunnelIdleTimeout(Duration d) {
        return new Limits(
                requestBodyTimeout,
                responseTimeout,
                responseIdleTimeout,
                d,
                maxConnectionAge,
                revokeDrain,
                metricsMaxHosts);
    }

    public Limits withMaxConnectionAge(Duration d) {
        return new Limits(
                requestBodyTimeout,
                responseTimeout,
                responseIdleTimeout,
                tunnelIdleTimeout,
                d,
                revokeDrain,
                metricsMaxHosts);
    }

    public Limits withRevokeDrain(Duration d) {
        return new Limits(
                requestBodyTimeout,
                responseTimeout,
                responseIdleTimeout,
                tunnelIdleTimeout,
                maxConnectionAge,
                d,
                metricsMaxHosts);
    }

    public Limits withMetricsMaxHosts(int n) {
        return new Limits(
                requestBodyTimeout,
                responseTimeout,
                responseIdleTimeout,
                tunnelIdleTimeout,
                maxConnectionAge,
                revokeDrain,
                n);
    }
}
