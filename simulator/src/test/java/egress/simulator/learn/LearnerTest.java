package egress.simulator.learn;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import egress.simulator.traffic.TrafficFormat;
import egress.simulator.traffic.TrafficReader;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnerTest {
    @TempDir
    Path dir;

    private static String http(String from, String host, int port, String method, String path, String verdict) {
        return "{\"time\":\"2026-01-02T03:04:05Z\",\"source\":\"" + from + "\",\"protocol\":\"http\",\"host\":\"" + host
                + "\",\"ip\":\"10.0.0.1\",\"port\":" + port + ",\"sni\":null,\"method\":\"" + method + "\",\"path\":\""
                + path
                + "\",\"verdict\":\"" + verdict + "\",\"policy\":null}";
    }

    private static String tcp(String from, String ip, int port, String time) {
        return "{\"time\":\"" + time + "\",\"source\":\"" + from + "\",\"protocol\":\"tcp\",\"host\":null,\"ip\":\""
                + ip + "\",\"port\":" + port
                + ",\"sni\":null,\"method\":null,\"path\":null,\"verdict\":\"allow\",\"policy\":null}";
    }

    private static Learned learn(Engine engine, RouteMode routes, int tcpPrefix, List<String> lines) throws Exception {
        Learner learner = new Learner(engine, routes, tcpPrefix);
        TrafficReader reader = new TrafficReader(
                TrafficFormat.AUTO, null, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        reader.read("t", new BufferedReader(new StringReader(String.join("\n", lines))), learner::accept, null);
        return learner.learn();
    }

    private static String all(Learned l) {
        StringBuilder b = new StringBuilder();
        l.proposals().forEach(p -> b.append("== ").append(p.file()).append('\n').append(p.yaml()));
        return b.toString();
    }

    @Test
    void manyPathsUnderAFolderBecomeOnePrefixAndFewStayExactWithTheirMethods() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String p : List.of("users", "orders", "items", "carts")) {
            lines.add(http("shop/api", "api.example.com", 80, "GET", "/api/v1/" + p, "allow"));
        }
        lines.add(http("shop/api", "api.example.com", 80, "POST", "/api/v1/orders", "allow"));
        lines.add(http("shop/api", "api.example.com", 80, "GET", "/health", "allow"));
        String osm = all(learn(Engine.OSM, RouteMode.PREFIX, 32, lines));
        assertThat(osm)
                .contains("pathRegex: /api/v1/.*\n    methods:\n    - GET\n    - POST\n")
                .contains("pathRegex: /health\n    methods:\n    - GET\n")
                .contains("#   path-1: /api/v1/.* [GET, POST] (4 paths under it): 5 requests");
        String exact = all(learn(Engine.OSM, RouteMode.EXACT, 32, lines));
        assertThat(exact)
                .contains("pathRegex: /api/v1/users\n")
                .contains("pathRegex: /api/v1/orders\n    methods:\n    - GET\n    - POST\n")
                .doesNotContain(".*");
        String none = all(learn(Engine.OSM, RouteMode.NONE, 32, lines));
        assertThat(none).doesNotContain("HTTPRouteGroup").doesNotContain("matches:");
        String pipy = all(learn(Engine.PIPY, RouteMode.PREFIX, 32, lines));
        assertThat(pipy)
                .as("pipy finds the regex in path and query: anchored")
                .contains("pathRegex: ^/api/v1/.*\n")
                .contains("pathRegex: ^/health(?:$|\\?).*\n");
    }

    @Test
    void hostsAreMergedWhereClientPortAndRoutesAgree() throws Exception {
        Learned l = learn(
                Engine.OSM,
                RouteMode.NONE,
                32,
                List.of(
                        http("shop/api", "a.example.com", 80, "GET", "/", "allow"),
                        http("shop/api", "b.example.com", 80, "GET", "/x", "allow"),
                        http("shop/api", "c.example.com", 8080, "GET", "/", "allow"),
                        http("shop/worker", "a.example.com", 80, "GET", "/", "allow")));
        assertThat(l.proposals())
                .extracting(Proposal::file)
                .containsExactly(
                        "shop/api-http-80-a-example-com-and-1-more.yaml",
                        "shop/api-http-8080-c-example-com.yaml",
                        "shop/worker-http-80-a-example-com.yaml");
        assertThat(l.proposals().get(0).yaml())
                .contains("  hosts:\n  - a.example.com\n  - b.example.com\n")
                .startsWith("# Learned by egress learn (HTTP by host) from 2 requests, first 2026-01-02T03:04:05Z, last"
                        + " 2026-01-02T03:04:05Z\n#   a.example.com: 1 request,");
    }

    @Test
    void refusedRequestsStayRefusedAndAreListedEvenWhereAPrefixWouldCoverThem() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String p : List.of("users", "orders", "items", "carts", "books")) {
            lines.add(http("shop/api", "api.example.com", 80, "GET", "/api/v1/" + p, "allow"));
        }
        lines.add(http("shop/api", "api.example.com", 80, "GET", "/api/v1/admin", "deny"));
        lines.add(http("shop/api", "api.example.com", 80, "GET", "/api/v1/admin", "deny"));
        Learned l = learn(Engine.OSM, RouteMode.PREFIX, 32, lines);
        assertThat(all(l))
                .doesNotContain(".*")
                .contains("pathRegex: /api/v1/books\n")
                .contains("--routes exact, since refused requests went there");
        assertThat(l.refused())
                .containsExactly("         2  shop/api GET http://api.example.com/api/v1/admin  (refused)");
        assertThat(l.warnings()).isEmpty();
        assertThat(l.tests())
                .contains("name: 'stays refused: shop/api GET http://api.example.com/api/v1/admin'")
                .contains("verdict: deny");
    }

    @Test
    void tcpAddressesAreExactUnlessAWiderPrefixIsAsked() throws Exception {
        List<String> lines = List.of(
                tcp("shop/api", "10.0.0.5", 5432, "2026-01-02T03:00:00Z"),
                tcp("shop/api", "10.0.0.9", 5432, "2026-01-02T04:00:00Z"),
                tcp("shop/api", "10.0.0.5", 5432, "2026-01-02T05:00:00Z"));
        String exact = all(learn(Engine.OSM, RouteMode.PREFIX, 32, lines));
        assertThat(exact)
                .contains("  ipAddresses:\n  - 10.0.0.5/32\n  - 10.0.0.9/32\n")
                .contains("#   10.0.0.5/32: 2 requests, first 2026-01-02T03:00:00Z, last 2026-01-02T05:00:00Z\n")
                .contains("protocol: tcp\n");
        String wide = all(learn(Engine.OSM, RouteMode.PREFIX, 24, lines));
        assertThat(wide)
                .contains("  ipAddresses:\n  - 10.0.0.0/24\n  ports:")
                .contains("(TCP by address (/24 around each))");
    }

    @Test
    void pathsBeyondTheCapAreFoldedIntoFoldersSoMemoryStaysBoundedAndEveryRequestStaysAllowed() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            lines.add(http("shop/api", "api.example.com", 80, "GET", "/users/" + i + "/profile", "allow"));
        }
        Learned l = learn(Engine.OSM, RouteMode.EXACT, 32, lines);
        assertThat(l.warnings()).isEmpty();
        assertThat(all(l)).contains("pathRegex: /users/.*");
    }

    @Test
    void writesOneFilePerEgressUnderItsNamespaceAndTheTestFileBeside() throws Exception {
        Learned l = learn(
                Engine.OSM,
                RouteMode.PREFIX,
                32,
                List.of(
                        http("shop/api", "a.example.com", 80, "GET", "/", "allow"),
                        tcp("db/migrator", "10.0.0.5", 5432, "2026-01-02T03:00:00Z")));
        l.write(dir);
        assertThat(dir.resolve("shop/api-http-80-a-example-com.yaml")).exists();
        assertThat(dir.resolve("db/migrator-tcp-5432-10-0-0-5.yaml")).exists();
        String tests = Files.readString(dir.resolve("tests/learned.yaml"));
        assertThat(tests)
                .contains(
                        "resourceFiles:\n- ../db/migrator-tcp-5432-10-0-0-5.yaml\n- ../shop/api-http-80-a-example-com.yaml\n")
                .contains("kind: EgressTest")
                .contains("engine: osm");
    }
}
