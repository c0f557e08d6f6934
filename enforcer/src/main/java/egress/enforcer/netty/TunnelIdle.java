package egress.enforcer.netty;

import egress.enforcer.observe.Metrics;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The tunnel idle timeout of one relaying tunnel: closes the client side (and so, through the relay, the upstream)
 * when no byte has moved either way for the timeout. The relays only note the time of each read; one check is
 * pending on the event loop, and when it runs early it schedules itself for what is left (as Netty's
 * IdleStateHandler does, without its handler and listener on every write).
 */
final class TunnelIdle {
    private final Channel client;
    private final long idleNanos;
    private final Metrics metrics;
    private long last = System.nanoTime();
    private ScheduledFuture<?> check;

    private TunnelIdle(Channel client, Duration idle, Metrics metrics) {
        this.client = client;
        this.idleNanos = idle.toNanos();
        this.metrics = metrics;
    }

    /** The clock of a tunnel on {@code client}, checking from now; null when {@code idle} is zero (no timeout). */
    static TunnelIdle start(Channel client, Duration idle, Metrics metrics) {
        if (idle.isZero()) {
            return null;
        }
        TunnelIdle t = new TunnelIdle(client, idle, metrics);
        t.schedule(t.idleNanos);
        client.closeFuture().addListener(f -> t.stop());
        return t;
    }

    /** Bytes moved (called by the relays on the event loop). */
    void moved() {
        last = System.nanoTime();
    }

    private void schedule(long nanos) {
        check = client.eventLoop().schedule(this::check, nanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        if (!client.isOpen()) {
            return;
        }
        long left = idleNanos - (System.nanoTime() - last);
        if (left > 0) {
            schedule(left);
        } else {
            metrics.timedOut();
            client.close();
        }
    }

    private void stop() {
        if (check != null) {
            check.cancel(false);
        }
    }
}
