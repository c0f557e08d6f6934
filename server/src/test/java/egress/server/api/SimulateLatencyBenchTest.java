package egress.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.server.workspace.Workspace;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/simulate} latency with 1,000 Egress policies in the workspace, through a real port: the first
 * call after an edit, and the calls after it. Prints BENCH lines for BENCHMARKS.md; asserts no time. Uses only the
 * HTTP API, so it also runs on code without the workbench. Not part of the normal build:
 * {@code mvn -pl server -am test -Dgroups=bench -Dserver.excludedGroups= -Dtest=SimulateLatencyBenchTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class SimulateLatencyBenchTest {
    private static final int POLICIES = 1000;
    private static final int CALLS = 50;

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

    @Test
    void simulateWithAThousandPolicies() throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < POLICIES; i++) {
            all.append(egress(i, "api-" + i + ".example.com")).append("---\n");
        }
        try (EmbeddedCluster cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
                ApiServer server =
                        ApiServer.start("127.0.0.1", 0, new Workspace(), ClusterConnection.embedded(cluster))) {
            ApiClient api = new ApiClient(server);
            assertThat(api.post("/api/workspace/import", all.toString()).status())
                    .isEqualTo(200);
            String body = ApiClient.json(
                    Map.of("from", "team-0/app-0", "curl", "curl -sI http://api-100.example.com:81/", "engine", "osm"));
            for (int i = 0; i < 60; i++) { // warm-up of both paths (an edit, then calls): class loading and JIT
                edit(api, "warm-" + i);
                api.post("/api/simulate", body);
                api.post("/api/simulate", body);
            }
            long[] afterEdit = new long[10];
            long[] steady = new long[CALLS];
            for (int round = 0; round < afterEdit.length; round++) {
                edit(api, "round-" + round);
                afterEdit[round] = time(api, body);
            }
            for (int i = 0; i < CALLS; i++) {
                steady[i] = time(api, body);
            }
            System.out.printf(
                    "BENCH simulate-1000 first-after-edit median %.1f ms (of %d)%n",
                    median(afterEdit) / 1e6, afterEdit.length);
            System.out.printf(
                    "BENCH simulate-1000 next-calls median %.1f ms, min %.1f ms (of %d)%n",
                    median(steady) / 1e6, Arrays.stream(steady).min().orElse(0) / 1e6, CALLS);
        }
    }

    /** Changes one policy's host (a new version of the set). */
    private static void edit(ApiClient api, String tag) throws Exception {
        ApiClient.Reply put =
                api.put("/api/workspace/resources/Egress/team-0/egress-0", egress(0, tag + ".example.com"));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    private static long time(ApiClient api, String body) throws Exception {
        long t0 = System.nanoTime();
        ApiClient.Reply r = api.post("/api/simulate", body);
        long t = System.nanoTime() - t0;
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("verdict")).isEqualTo("allow"); // policy team-0/egress-100, never edited
        return t;
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
