package egress.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import egress.fixtures.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server that answers as the enforcer's admin port does. */
class DecisionFeedTest {
    private HttpServer server;
    /** The decisions "held": line i has sequence number oldest + i. */
    private final List<String> held = new CopyOnWriteArrayList<>();

    private volatile long oldest = 1;
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/decisions", ex -> {
            asked.add(ex.getRequestURI().getQuery());
            long after = Long.parseLong(ex.getRequestURI().getQuery().substring("after=".length()));
            StringBuilder body = new StringBuilder();
            long last = after;
            for (int i = 0; i < held.size(); i++) {
                long seq = oldest + i;
                if (seq > after) {
                    body.append(held.get(i)).append('\n');
                    last = seq;
                }
            }
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add(DecisionFeed.SEQUENCE_HEADER, Long.toString(last));
            ex.getResponseHeaders().add(DecisionFeed.OLDEST_HEADER, Long.toString(oldest));
            ex.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI admin() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void addsTheDecisionsSinceTheLastOneSeen() throws Exception {
        held.add(LoadedTrafficTest.enforcerLine("2026-01-02T03:04:05Z", "/get", "allow"));
        held.add(LoadedTrafficTest.enforcerLine("2026-01-02T03:04:06Z", "/get", "allow"));
        LoadedTraffic t = new LoadedTraffic(100);
        DecisionFeed feed = new DecisionFeed(admin(), t);

        assertThat(feed.poll()).isEqualTo(2);
        held.add(LoadedTrafficTest.enforcerLine("2026-01-02T03:04:07Z", "/headers", "deny"));
        held.add("garbage");
        assertThat(feed.poll()).isEqualTo(1);
        assertThat(feed.poll()).isZero();

        assertThat(asked).containsExactly("after=0", "after=2", "after=4");
        assertThat(feed.sequence()).isEqualTo(4);
        assertThat(t.total()).isEqualTo(3);
        assertThat(t.distinct()).isEqualTo(2);
        assertThat(t.unreadable()).isEqualTo(1);
        assertThat(feed.missed()).isZero();
    }

    @Test
    void countsTheDecisionsTheEnforcerNoLongerHeld() throws Exception {
        oldest = 41;
        held.add(LoadedTrafficTest.enforcerLine("2026-01-02T03:04:05Z", "/get", "allow"));
        DecisionFeed feed = new DecisionFeed(admin(), new LoadedTraffic(100));

        feed.poll();

        assertThat(feed.missed()).isEqualTo(40);
        assertThat(feed.sequence()).isEqualTo(41);
    }

    @Test
    void followsOnItsOwnThreadUntilClosed() throws Exception {
        held.add(LoadedTrafficTest.enforcerLine("2026-01-02T03:04:05Z", "/get", "allow"));
        LoadedTraffic t = new LoadedTraffic(100);
        try (DecisionFeed feed = new DecisionFeed(admin(), t)) {
            feed.start(Duration.ofMillis(20));
            Await.until("the feed's thread has polled", Duration.ofSeconds(30), () -> t.total() == 1);
            assertThat(feed.polls()).isPositive();
        }
    }

    @Test
    void aServerThatIsNotAnEnforcerIsAnErrorNamingTheUrl() throws Exception {
        server.createContext("/other/decisions", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        DecisionFeed feed = new DecisionFeed(URI.create(admin() + "/other"), new LoadedTraffic(10));
        assertThatThrownBy(feed::poll)
                .hasMessageContaining("/other/decisions")
                .hasMessageContaining(DecisionFeed.SEQUENCE_HEADER);
        assertThatThrownBy(() -> new DecisionFeed(URI.create("ftp://x"), new LoadedTraffic(10)))
                .hasMessageContaining("http://HOST:PORT");
    }
}
