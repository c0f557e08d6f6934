package egress.enforcer.config;

import egress.enforcer.observe.Metrics;
import egress.policy.model.Engine;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Policies from a running designer server ({@code egress serve}): its workspace, exported as YAML by
 * {@code GET /api/workspace/export}, polled every second. A changed export is checked as a cluster would
 * check it and compiled into a new snapshot: an object that would be rejected is left out (and reported), the
 * rest applies. An export that cannot be read, or a server that cannot be reached, keeps the last good snapshot,
 * which is then stale ({@code /ready} 503 with the reason); until a first one, everything is refused.
 */
public final class ServerPolicySource implements PolicySource {
    private final URI export;
    private final String token;
    private final SnapshotPublisher publisher;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "egress-server-policies");
        t.setDaemon(true);
        return t;
    });
    private String lastBody;
    private String lastFailure;

    /** @param server the server's base address ({@code http://127.0.0.1:7080}); @param token its access token */
    public ServerPolicySource(URI server, String token, Engine engine, Metrics metrics) {
        this.export = server.resolve("/api/workspace/export");
        this.token = token;
        this.publisher = new SnapshotPublisher(engine, metrics);
    }

    @Override
    public PolicySnapshot get() {
        return publisher.current();
    }

    @Override
    public Readiness readiness() {
        return publisher.readiness();
    }

    @Override
    public void start() {
        poll();
        poller.scheduleWithFixedDelay(this::poll, 1, 1, TimeUnit.SECONDS);
    }

    /** Fetches the workspace once; publishes it when it changed. Returns whether a new snapshot was published. */
    synchronized boolean poll() {
        String body;
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(export)
                            .timeout(Duration.ofSeconds(5))
                            .header("Authorization", "Bearer " + token)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return failOnce("the server answered " + r.statusCode() + " for " + export);
            }
            body = r.body();
        } catch (IOException e) {
            return failOnce("cannot reach " + export + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (body.equals(lastBody) && lastFailure == null) {
            return false;
        }
        // a changed export, or the server back after a failure: load again, which also clears the staleness
        lastBody = body;
        lastFailure = null;
        List<Manifest> manifests;
        try {
            manifests = ManifestReader.read(export.toString(), body);
        } catch (ManifestException e) {
            return publisher.failed(e.getMessage());
        }
        return publisher.publishAdmitted(manifests, describe(), Manifest::describe);
    }

    /** A server that stays away is logged once, not every second. */
    private boolean failOnce(String why) {
        if (!why.equals(lastFailure)) {
            lastFailure = why;
            publisher.failed(why);
        }
        return false;
    }

    @Override
    public String describe() {
        return "designer server " + export;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
