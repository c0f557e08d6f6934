package egress.simulator.traffic;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows a running enforcer's recent decisions through its admin port: {@code GET ADMIN/decisions?after=SEQ}
 * answers the access-log lines decided since {@code SEQ} (one JSON object a line, as the access log writes them) with
 * the sequence number of the last one in the {@value #SEQUENCE_HEADER} header and the oldest one it still holds
 * in {@value #OLDEST_HEADER}; each answer is added to a {@link LoadedTraffic}. The enforcer keeps only its last few
 * thousand decisions, so a follower that falls behind misses some: they are counted ({@link #missed()}), never
 * guessed. Each answer is bounded by the enforcer's buffer, and the traffic by its own {@code maxDistinct}.
 *
 * <p>{@link #poll()} asks once (tests and a caller with its own schedule use it); {@link #start} asks on a daemon
 * thread every interval until {@link #close()}. A failed poll is kept in {@link #lastError()} and retried.
 */
public final class DecisionFeed implements AutoCloseable {
    public static final String SEQUENCE_HEADER = "Egress-Sequence";
    public static final String OLDEST_HEADER = "Egress-Oldest";
    private final URI decisions;
    private final LoadedTraffic into;
    private final HttpClient client;
    private ScheduledExecutorService timer;
    private volatile long sequence;
    private volatile long missed;
    private volatile long polls;
    private volatile String lastError;

    /**
     * @param admin the enforcer's admin address, {@code http://HOST:PORT} (a path after it is kept)
     * @param into  where the decisions go
     */
    public DecisionFeed(URI admin, LoadedTraffic into) {
        String scheme = admin.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException(
                    "the enforcer's admin address must be http://HOST:PORT, got '" + admin + "'");
        }
        String base = admin.toString();
        this.decisions = URI.create((base.endsWith("/") ? base : base + "/") + "decisions");
        this.into = into;
        this.client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Asks for the decisions since the last one seen and adds them; returns how many lines were added. */
    public synchronized long poll() throws IOException, InterruptedException {
        long after = sequence;
        HttpRequest req = HttpRequest.newBuilder(URI.create(decisions + "?after=" + after))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = resp.body()) {
            if (resp.statusCode() != 200) {
                throw new IOException(decisions + ": HTTP " + resp.statusCode());
            }
            long last = header(resp, SEQUENCE_HEADER);
            long oldest = resp.headers().firstValue(OLDEST_HEADER).isPresent() ? header(resp, OLDEST_HEADER) : 0;
            long before = into.total();
            into.read(decisions + "?after=" + after, body, TrafficFormat.ENFORCER, null);
            if (last < after) {
                after = 0; // the enforcer restarted: its numbering starts again
            }
            if (oldest > after + 1) {
                missed += oldest - after - 1;
            }
            sequence = last;
            polls++;
            lastError = null;
            return into.total() - before;
        }
    }

    private long header(HttpResponse<?> resp, String name) throws IOException {
        String v = resp.headers()
                .firstValue(name)
                .orElseThrow(() ->
                        new IOException(decisions + ": no " + name + " header: is this an enforcer's admin port?"));
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IOException(decisions + ": header " + name + " is not a number: '" + v + "'");
        }
    }

    /** Polls every {@code interval} on a daemon thread until closed. */
    public synchronized void start(Duration interval) {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "decision-feed " + decisions);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        poll();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (IOException | RuntimeException e) {
                        lastError = e.getMessage() == null ? e.toString() : e.getMessage();
                    }
                },
                0,
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The sequence number of the last decision read. */
    public long sequence() {
        return sequence;
    }

    /** Decisions the enforcer no longer held when asked (the follower fell behind or started late). */
    public long missed() {
        return missed;
    }

    /** Successful polls so far. */
    public long polls() {
        return polls;
    }

    /** Why the last poll failed; null when it did not. */
    public String lastError() {
        return lastError;
    }

    /** The URL asked, without its query. */
    public URI url() {
        return decisions;
    }

    public LoadedTraffic traffic() {
        return into;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
