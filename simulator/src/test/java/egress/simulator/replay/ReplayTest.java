package egress.simulator.replay;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import egress.policy.yaml.ManifestReader;
import egress.simulator.Simulator;
import egress.simulator.mesh.Dns;
import egress.simulator.mesh.SimulatedMesh;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplayTest {
    @Test
    void decidesEveryLineReportsUnreadableOnesByNumberAndGoesOn() throws Exception {
        SimulatedMesh mesh = new SimulatedMesh(Engine.OSM, new Dns());
        mesh.apply(ManifestReader.read("p.yaml", """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: db, namespace: shop}
                spec:
                  sources: [{kind: ServiceAccount, name: api, namespace: shop}]
                  ipAddresses: [10.0.0.0/24]
                  ports: [{number: 5432, protocol: tcp}]
                """).get(0));
        String input = """
                {"from":"shop/api","protocol":"tcp","ip":"10.0.0.5","port":5432}
                not json at all
                {"from":"shop/api","curl":"curl -s http://example.com/"}

                {"from":"shop/api","protocol":"tcp","ip":"10.9.0.5","port":5432}
                {"protocol":"tcp"}
                """;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ReplaySummary summary = new Replay(new Simulator(mesh)).run(new BufferedReader(new StringReader(input)), out,
                new PrintStream(err, true, StandardCharsets.UTF_8), null);
        String[] decisions = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(decisions).hasSize(3);
        assertThat(decisions[0]).startsWith("{\"line\":1,\"from\":\"shop/api\",\"destination\":\"10.0.0.5:5432\","
                + "\"verdict\":\"allow\",\"signal\":\"forwarded\",\"policy\":\"shop/db\"");
        assertThat(decisions[1]).contains("\"line\":3").contains("\"verdict\":\"deny\",\"signal\":\"connection-closed\"");
        assertThat(decisions[2]).contains("\"line\":5").contains("\"verdict\":\"deny\"");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("(input):2: ").contains("(input):6: missing \"from\"");
        assertThat(summary.allowed()).isEqualTo(1);
        assertThat(summary.denied()).isEqualTo(2);
        assertThat(summary.unreadableLines()).isEqualTo(2);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        summary.print(new PrintStream(printed, true, StandardCharsets.UTF_8), 5);
        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("replayed 3 requests: 1 allowed, 2 denied, 2 unreadable lines\n")
                .contains("most refused destinations:");
    }
}
