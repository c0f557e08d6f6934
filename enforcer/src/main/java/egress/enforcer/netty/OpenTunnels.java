package egress.enforcer.netty;

import egress.enforcer.config.PolicySnapshot;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open TLS and TCP tunnels of one listener, re-decided whenever the policy snapshot changes: a tunnel the
 * new snapshot no longer allows is closed after the drain period ({@code --revoke-drain-ms}), unless a still
 * newer snapshot allows it again before then. The snapshot is looked at every {@link #CHECK_MILLIS} ms (one
 * reference comparison) by a task on the event loop of the first tunnel, which ends with its event loops (the
 * next tunnel starts it again);
 * each tunnel is re-decided on its own event loop. Under {@code --report-only} a refused tunnel is logged and
 * counted, not closed. HTTP needs none of this: every request is decided under
 * the newest snapshot.
 */
public final class OpenTunnels {
    static final long CHECK_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(OpenTunnels.class);
    private final Supplier<PolicySnapshot> policies;
    private final Set<Open> open = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> watching;
    private volatile PolicySnapshot seen;
    private final java.util.concurrent.atomic.LongAdder redecisions = new java.util.concurrent.atomic.LongAdder();

    public OpenTunnels(Supplier<PolicySnapshot> policies) {
        this.policies = policies;
    }

    /** How many times an open tunnel has been decided again under a newer snapshot. */
    public long redecisions() {
        return redecisions.sum();
    }

    /** How many tunnels are open now. */
    public int size() {
        return open.size();
    }

    /**
     * Registers a tunnel that has just started relaying (on its event loop), and re-decides it at once if the
     * snapshot changed while it was connecting.
     */
    void add(ProxyContext context, Channel client, Channel upstream, EgressRequest request, long decidedUnder) {
        Open t = new Open(context, client, upstream, request, decidedUnder, redecisions);
        open.add(t);
        client.closeFuture().addListener(f -> {
            open.remove(t);
            t.cancel();
        });
        watchFrom(client);
        t.recheck(policies.get());
    }

    /** Starts the check on this tunnel's event loop unless it runs already (it ends when its event loops shut down). */
    private synchronized void watchFrom(Channel client) {
        if (watching == null || watching.isDone()) {
            watching = client.eventLoop()
                    .scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        PolicySnapshot now = policies.get();
        if (now == seen) {
            return;
        }
        seen = now;
        for (Open t : open) {
            t.client.eventLoop().execute(() -> t.recheck(now));
        }
    }

    /** One relaying tunnel: its request, the snapshot it was last decided under, and a pending close. */
    private static final class Open {
        private final ProxyContext context;
        private final Channel client;
        private final Channel upstream;
        private final EgressRequest request;
        private long version;
        private final java.util.concurrent.atomic.LongAdder redecisions;
        private ScheduledFuture<?> closing;

        Open(
                ProxyContext context,
                Channel client,
                Channel upstream,
                EgressRequest request,
                long version,
                java.util.concurrent.atomic.LongAdder redecisions) {
            this.redecisions = redecisions;
            this.context = context;
            this.client = client;
            this.upstream = upstream;
            this.request = request;
            this.version = version;
        }

        /** On the tunnel's event loop. */
        void recheck(PolicySnapshot now) {
            if (!client.isActive() || now.version() == version) {
                return;
            }
            version = now.version();
            Decision d = now.policies().decide(request);
            if (d.allowed()) {
                cancel();
            } else if (context.trial().reportOnly()) {
                LOG.info(
                        "tunnel {} -> {}:{} no longer allowed by snapshot {} ({}); kept open (report-only)",
                        client.remoteAddress(),
                        request.host(),
                        request.port(),
                        now.version(),
                        d.reason());
                context.trial().wouldRefuse(d);
            } else if (closing == null) {
                Duration drain = context.limits().revokeDrain();
                LOG.info(
                        "tunnel {} -> {}:{} no longer allowed by snapshot {} ({}); closing in {} ms",
                        client.remoteAddress(),
                        request.host(),
                        request.port(),
                        now.version(),
                        d.reason(),
                        drain.toMillis());
                if (drain.isZero()) {
                    close();
                } else {
                    closing = client.eventLoop().schedule(this::close, drain.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            redecisions.increment();
        }

        private void close() {
            if (client.isActive()) {
                context.metrics().revoked();
                client.close();
                upstream.close();
            }
        }

        void cancel() {
            if (closing != null) {
                closing.cancel(false);
                closing = null;
            }
        }
    }
}
