package egress.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.server.workspace.Workspace;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's figure "a designer edit with 100,000 loaded requests updates the impact in under 300 ms", through a real
 * port as the page does it: 1,000 Egress policies in the workspace, 100,000 distinct recorded requests loaded (the
 * enforcer's access-log format), then an edit ({@code PUT} of one policy) and the impact after it ({@code GET
 * /api/traffic/impact}), and the same with the table the Traffic view asks for ({@code GET /api/traffic?limit=200}).
 * Prints BENCH lines for BENCHMARKS.md; asserts no time. Not part of the normal build:
 * {@code mvn -pl server -am test -Dgroups=bench -Dserver.excludedGroups= -Dtest=TrafficImpactBenchTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class TrafficImpactBenchTest {
    private static final int POLICIES = 1000;
    private static final int REQUESTS = 100_000;
    private static final int ROUNDS = 15;

    @TempDir
    Path folder;

    private static String egress(int i, String host) {
        return """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: egress-%d, namespace: team-%d}
                spec:
                  sources: [{kind: ServiceAccount, name: app-%d, namespace: team-%d}]
                  hosts: [%s]
                  ports: [{number: %d, protocol: %s}]
                """.formatted(i, i % 20, i % 50, i % 20, host, 80 + i % 3, i % 2 == 0 ? "http" : "https");
    }

    /** Request i: the client and destination of policy i % 1,000 (so most are allowed), a path of its own. */
    private static String line(int i) {
        int p = i % POLICIES;
        boolean http = p % 2 == 0;
        String host = "api-" + p + ".example.com";
        return "{\"time\":\"2026-01-02T03:04:05Z\",\"source\":\"team-" + (p % 20) + "/app-" + (p % 50) + "\","
                + "\"protocol\":\"" + (http ? "http" : "tls") + "\",\"host\":\"" + host + "\",\"ip\":\"10.1."
                + (p / 250) + "." + (p % 250) + "\",\"port\":" + (80 + p % 3) + ",\"sni\":"
                + (http ? "null" : "\"" + host + "\"")
                + ",\"method\":" + (http ? "\"GET\"" : "null") + ",\"path\":"
                + (http ? "\"/v1/items/" + i + "\"" : "null")
                + ",\"verdict\":\"allow\",\"signal\":\"forwarded\",\"policy\":\"team-" + (p % 20) + "/egress-" + p
                + "\"}";
    }

    @Test
    void anEditWithAHundredThousandLoadedRequests() throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < POLICIES; i++) {
            all.append(egress(i, "api-" + i + ".example.com")).append("---\n");
        }
        Path traffic = folder.resolve("traffic.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(traffic, StandardCharsets.UTF_8)) {
            // every request distinct: http ones by path; tls ones by client port-less identity, so vary the source
            for (int i = 0; i < REQUESTS; i++) {
                String l = line(i);
                if (!l.contains("\"protocol\":\"http\"")) {
                    l = l.replace("\"source\":\"team-", "\"source\":\"t" + (i / POLICIES) + "-team-");
                }
                w.write(l);
                w.write('\n');
            }
        }
        Workspace workspace = new Workspace(folder);
        try (EmbeddedCluster cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
                ApiServer server = ApiServer.start("127.0.0.1", 0, workspace, ClusterConnection.embedded(cluster))) {
            ApiClient api = new ApiClient(server);
            assertThat(api.post("/api/workspace/import", all.toString()).status())
                    .isEqualTo(200);
            api.post("/api/traffic/baseline", "");
            long t0 = System.nanoTime();
            ApiClient.Reply loaded = api.post("/api/traffic/load", "{\"path\":\"traffic.jsonl\"}");
            long loadNanos = System.nanoTime() - t0;
            assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
            assertThat(loaded.json()).containsEntry("distinct", REQUESTS).containsEntry("unreadable", 0);
            t0 = System.nanoTime();
            api.get("/api/traffic/impact");
            long firstNanos = System.nanoTime() - t0;

            for (int i = 0; i < 10; i++) { // warm-up: class loading and JIT of both paths
                edit(api, i);
                api.get("/api/traffic/impact");
                api.get("/api/traffic?limit=200");
            }
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long[] cpu = new long[ROUNDS];
            long[] impact = new long[ROUNDS];
            long[] inServer = new long[ROUNDS];
            long[] table = new long[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                long cpu0 = os.getProcessCpuTime();
                long start = System.nanoTime();
                edit(api, 100 + round);
                ApiClient.Reply r = api.get("/api/traffic/impact");
                impact[round] = System.nanoTime() - start;
                cpu[round] = os.getProcessCpuTime() - cpu0;
                assertThat(r.status()).isEqualTo(200);
                inServer[round] = (long) (((Number) r.json().get("millis")).doubleValue() * 1e6);
                assertThat(((List<?>) r.json().get("summary")).get(0).toString())
                        .startsWith(
                                "this edit newly refuses 100 recorded requests from team-0/app-0 to api-0.example.com");
                start = System.nanoTime();
                edit(api, 200 + round);
                r = api.get("/api/traffic?limit=200");
                table[round] = System.nanoTime() - start;
                assertThat(((List<?>) r.json().get("rows"))).hasSize(200);
            }
            System.out.printf(
                    "BENCH traffic-impact load of %,d distinct requests %.0f ms, first impact %.0f ms%n",
                    REQUESTS, loadNanos / 1e6, firstNanos / 1e6);
            System.out.printf(
                    "BENCH traffic-impact edit->impact median %.0f ms, max %.0f ms (of %d; %,d requests, %,d policies)%n",
                    median(impact) / 1e6, Arrays.stream(impact).max().orElse(0) / 1e6, ROUNDS, REQUESTS, POLICIES);
            System.out.printf(
                    "BENCH traffic-impact deciding and comparing in the server (of edit->impact) median %.0f ms%n",
                    median(inServer) / 1e6);
            System.out.printf(
                    "BENCH traffic-impact edit->impact CPU time of the whole JVM (server and client) median %.0f ms;"
                            + " load average %.1f on %d cores%n",
                    median(cpu) / 1e6,
                    os.getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(
                    "BENCH traffic-impact edit->table (200 rows) median %.0f ms, max %.0f ms (of %d)%n",
                    median(table) / 1e6, Arrays.stream(table).max().orElse(0) / 1e6, ROUNDS);
        }
    }

    /** Changes policy 0's host: its 100 recorded requests become refused (a new version of the set). */
    private static void edit(ApiClient api, int tag) throws Exception {
        ApiClient.Reply put =
                api.put("/api/workspace/resources/Egress/team-0/egress-0", egress(0, "moved-" + tag + ".example.com"));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
