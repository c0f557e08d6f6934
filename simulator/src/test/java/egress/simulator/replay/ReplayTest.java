package egress.simulator.replay;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import egress.policy.yaml.ManifestReader;
import egress.simulator.Simulator;
import egress.simulator.mesh.Dns;
import egress.simulator.mesh.SimulatedMesh;
import egress.simulator.traffic.TrafficFormat;
import egress.simulator.traffic.TrafficReader;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {
    @TempDir
    Path dir;

    private static SimulatedMesh mesh() throws Exception {
        SimulatedMesh mesh = new SimulatedMesh(Engine.OSM, new Dns(Map.of("example.com", "93.184.215.14")));
        for (var m : ManifestReader.read("p.yaml", """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: db, namespace: shop}
                spec:
                  sources: [{kind: ServiceAccount, name: api, namespace: shop}]
                  ipAddresses: [10.0.0.0/24]
                  ports: [{number: 5432, protocol: tcp}]
                ---
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: web, namespace: shop}
                spec:
                  sources: [{kind: ServiceAccount, name: web, namespace: shop}]
                  hosts: [example.com]
                  ports: [{number: 80, protocol: http}]
                """)) {
            mesh.apply(m);
        }
        return mesh;
    }

    @Test
    void decidesEveryLineReportsUnreadableOnesByNumberAndGoesOn() throws Exception {
        SimulatedMesh mesh = mesh();
        String input = """
                {"from":"shop/api","protocol":"tcp","ip":"10.0.0.5","port":5432}
                not json at all
                {"from":"shop/api","curl":"curl -s http://example.com/"}

                {"from":"shop/api","protocol":"tcp","ip":"10.9.0.5","port":5432}
                {"protocol":"tcp"}
                """;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ReplaySummary summary = new Replay(new Simulator(mesh))
                .run(
                        new BufferedReader(new StringReader(input)),
                        out,
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        null);
        String[] decisions = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(decisions).hasSize(3);
        assertThat(decisions[0])
                .startsWith("{\"line\":1,\"from\":\"shop/api\",\"destination\":\"10.0.0.5:5432\","
                        + "\"verdict\":\"allow\",\"signal\":\"forwarded\",\"policy\":\"shop/db\"");
        assertThat(decisions[1])
                .contains("\"line\":3")
                .contains("\"verdict\":\"deny\",\"signal\":\"connection-closed\"");
        assertThat(decisions[2]).contains("\"line\":5").contains("\"verdict\":\"deny\"");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("(input):2: ")
                .contains("(input):6: missing \"from\"");
        assertThat(summary.allowed()).isEqualTo(1);
        assertThat(summary.denied()).isEqualTo(2);
        assertThat(summary.unreadableLines()).isEqualTo(2);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        summary.print(new PrintStream(printed, true, StandardCharsets.UTF_8), 5);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .startsWith("replayed 3 requests: 1 allowed, 2 denied, 2 unreadable lines\n")
                .contains("most refused destinations:");
    }

    /** The bytes Jackson's generator wrote: a space (its root separator) before every object but the first. */
    @Test
    void writesDecisionsByteForByteAsBeforeAndALineSeenAgainAsItWasThen() throws Exception {
        Path file = dir.resolve("r.jsonl");
        Files.writeString(file, """
                {"from":"shop/api","protocol":"tcp","ip":"10.0.0.5","port":5432}
                {"from":"shop/web","curl":"curl -s http://example.com/"}
                {"from":"shop/api","protocol":"tcp","ip":"10.0.0.5","port":5432}
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TrafficReader reader =
                new TrafficReader(TrafficFormat.AUTO, null, new PrintStream(new ByteArrayOutputStream()));
        ReplaySummary summary = new Replay(new Simulator(mesh())).run(List.of(file.toString()), reader, out, null);
        String db =
                ",\"from\":\"shop/api\",\"destination\":\"10.0.0.5:5432\",\"verdict\":\"allow\",\"signal\":\"forwarded\","
                        + "\"policy\":\"shop/db\",\"rule\":\"spec.ports[0] 5432/tcp\",\"upstream\":\"original-destination\","
                        + "\"reason\":\"allowed by shop/db: tcp on port 5432, proxied to the original destination\"}\n";
        String web =
                ",\"from\":\"shop/web\",\"destination\":\"example.com:80\",\"verdict\":\"allow\",\"signal\":\"http-200\","
                        + "\"policy\":\"shop/web\",\"rule\":\"spec.ports[0] 80/http, host example.com\",\"upstream\":\"example.com:80\","
                        + "\"reason\":\"allowed by shop/web: host example.com on http port 80\"}\n";
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"line\":1" + db + " {\"line\":2" + web + " {\"line\":3" + db);
        assertThat(summary.allowed()).isEqualTo(3);
        assertThat(reader.requests()).isEqualTo(3);
        assertThat(reader.lines()).isEqualTo(3);
    }

    /**
     * Thousands of lines, many repeated (so seen before), blank ones, unreadable ones (repeated too: each reported
     * with its own number), CRLF endings, over two files: batched, looked up and decided on another thread, the
     * output, the reports and the summary are those of reading and deciding every line in turn.
     */
    @Test
    void linesSeenBeforeAndDecidedInBatchesGiveWhatDecidingEveryLineInTurnGives() throws Exception {
        String[] kinds = {
            "{\"from\":\"shop/api\",\"protocol\":\"tcp\",\"ip\":\"10.0.0.%d\",\"port\":5432}",
            "{\"from\":\"shop/api\",\"protocol\":\"tcp\",\"ip\":\"10.9.0.%d\",\"port\":5432}",
            "{\"from\":\"shop/web\",\"curl\":\"curl -s http://example.com/p%d\"}",
            "{\"from\":\"shop/web\",\"curl\":\"curl -s http://nowhere%d.example/\"}",
            "{\"from\":\"shop/web\",\"protocol\":\"http\",\"host\":\"example.com\",\"port\":80,\"path\":\"/\\u00e9%d\"}",
            "not json %d",
            "{\"protocol\":\"tcp\",\"n\":%d}",
            "   ",
            ""
        };
        Random rnd = new Random(13);
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 6000; i++) {
            StringBuilder to = i < 4000 ? a : b;
            int kind = rnd.nextInt(kinds.length + 11); // unreadable lines below the 1,000 reported in full
            to.append(String.format(kinds[kind < kinds.length ? kind : kind % 5], rnd.nextInt(i < 2000 ? 3 : 300)));
            to.append(rnd.nextInt(10) == 0 ? "\r\n" : "\n");
        }
        Path fileA = dir.resolve("a.jsonl");
        Path fileB = dir.resolve("b.jsonl");
        Files.writeString(fileA, a);
        Files.writeString(fileB, b);

        ByteArrayOutputStream inTurn = new ByteArrayOutputStream();
        ByteArrayOutputStream inTurnErr = new ByteArrayOutputStream();
        Replay one = new Replay(new Simulator(mesh()));
        for (Path f : List.of(fileA, fileB)) {
            ByteArrayOutputStream part = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            one.run(Files.newBufferedReader(f), part, new PrintStream(err, true, StandardCharsets.UTF_8), null);
            inTurn.writeBytes((inTurn.size() > 0 ? " " : "").getBytes());
            inTurn.writeBytes(part.toByteArray());
            inTurnErr.writeBytes(err.toString(StandardCharsets.UTF_8)
                    .replace("(input)", f.toString())
                    .getBytes(StandardCharsets.UTF_8));
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TrafficReader reader =
                new TrafficReader(TrafficFormat.AUTO, null, new PrintStream(err, true, StandardCharsets.UTF_8));
        Replay batched = new Replay(new Simulator(mesh()));
        ReplaySummary summary = batched.run(List.of(fileA.toString(), fileB.toString()), reader, out, null);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(inTurn.toString(StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(inTurnErr.toString(StandardCharsets.UTF_8))
                .contains("a.jsonl:")
                .contains("b.jsonl:");
        assertThat(printed(summary)).isEqualTo(printed(one.summary()));
        assertThat(reader.requests()).isEqualTo(summary.total());
        assertThat(reader.unreadable()).isEqualTo(summary.unreadableLines()).isPositive();
        assertThat(reader.lines()).isEqualTo(6000);
    }

    private static String printed(ReplaySummary s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        s.print(new PrintStream(b, true, StandardCharsets.UTF_8), 20);
        return b.toString(StandardCharsets.UTF_8);
    }
}
