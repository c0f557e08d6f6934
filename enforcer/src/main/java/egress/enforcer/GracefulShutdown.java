package egress.enforcer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * How a running enforcer process ends. SIGTERM (what Kubernetes sends a pod it stops, and a rolling update
 * does) drains: {@link Enforcer#drain} reports not ready, closes the listeners, lets the connections in flight
 * finish within the grace period, and closes; then {@link Enforcer#awaitClose()} returns and the process exits
 * 0. Anything else that ends the JVM (Ctrl-C, SIGHUP, {@code System.exit}) closes at once, as before.
 *
 * <p>SIGTERM is taken with {@code sun.misc.Signal} (module jdk.unsupported, in every JDK): a shutdown hook
 * could drain too, but the JVM would then exit 143, which a rollout reports as a failed container.
 */
public final class GracefulShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

    private GracefulShutdown() {}

    public static void install(Enforcer enforcer, Duration grace) {
        Runtime.getRuntime().addShutdownHook(new Thread(enforcer::close, "egress-enforcer-stop"));
        AtomicBoolean started = new AtomicBoolean();
        try {
            Signal.handle(new Signal("TERM"), signal -> {
                if (!started.compareAndSet(false, true)) {
                    return; // a second SIGTERM does not cut the drain short; SIGKILL does
                }
                LOG.info("SIGTERM: draining for up to {} s", grace.toSeconds());
                try {
                    enforcer.drain(grace);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    enforcer.close();
                }
            });
        } catch (IllegalArgumentException | LinkageError e) {
            LOG.warn("SIGTERM cannot be handled here ({}): it stops the enforcer at once", e.toString());
        }
    }
}
