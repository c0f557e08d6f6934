package egress.designer.viewmodel;

import egress.simulator.traffic.DecisionFeed;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Polls a {@link DecisionFeed} once a second on a daemon thread and says when something changed: null after a
 * poll that added requests (and after the first one), the reason when a poll fails (once per new reason; it keeps
 * trying).
 */
final class TrafficFollower implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private boolean first = true;
    private String lastError;

    private TrafficFollower(DecisionFeed feed, Consumer<String> changed) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "traffic-follow");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> poll(feed, changed), 0, 1, TimeUnit.SECONDS);
    }

    static TrafficFollower start(DecisionFeed feed, Consumer<String> changed) {
        return new TrafficFollower(feed, changed);
    }

    private void poll(DecisionFeed feed, Consumer<String> changed) {
        try {
            long added = feed.poll();
            if (added > 0 || first || lastError != null) {
                first = false;
                lastError = null;
                changed.accept(null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!Objects.equals(why, lastError)) {
                lastError = why;
                changed.accept(why);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
