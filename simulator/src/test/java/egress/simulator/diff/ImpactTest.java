package egress.simulator.diff;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import egress.simulator.Simulator;
import egress.simulator.traffic.ChangeKind;
import egress.simulator.traffic.TrafficFormat;
import egress.simulator.traffic.TrafficReader;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImpactTest {
    private static final String BEFORE = """
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: httpbin-80, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [httpbin.org]
              ports: [{number: 80, protocol: http}]
            ---
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: db, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              ipAddresses: [10.0.0.0/24]
              ports: [{number: 5432, protocol: tcp}]
            """;
    private static final String AFTER = """
            apiVersion: specs.smi-spec.io/v1alpha4
            kind: HTTPRouteGroup
            metadata: {name: get-only, namespace: curl}
            spec:
              matches: [{name: get, pathRegex: /get, methods: [GET]}]
            ---
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: httpbin-80, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [httpbin.org]
              ports: [{number: 80, protocol: http}]
              matches: [{apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: get-only}]
            ---
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: database, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              ipAddresses: [10.0.0.0/16]
              ports: [{number: 5432, protocol: tcp}]
            """;

    @Test
    void countsAndGroupsTheRequestsWhoseVerdictOrPolicyChanges() throws Exception {
        String traffic = String.join(
                "\n",
                "{\"from\":\"curl/curl\",\"curl\":\"curl -s http://httpbin.org/get\"}",
                "{\"from\":\"curl/curl\",\"curl\":\"curl -s http://httpbin.org/status/200\"}",
                "{\"from\":\"curl/curl\",\"curl\":\"curl -s http://httpbin.org/status/418\"}",
                "{\"from\":\"curl/curl\",\"curl\":\"curl -s http://httpbin.org/status/500\"}",
                "{\"from\":\"curl/curl\",\"curl\":\"curl -s http://httpbin.org/headers\"}",
                "{\"from\":\"curl/curl\",\"protocol\":\"tcp\",\"ip\":\"10.0.0.5\",\"port\":5432}",
                "{\"from\":\"curl/curl\",\"protocol\":\"tcp\",\"ip\":\"10.0.7.5\",\"port\":5432}",
                "garbage");
        Impact impact = new Impact(
                new Simulator(SemanticDiffTest.mesh(Engine.OSM, BEFORE)),
                new Simulator(SemanticDiffTest.mesh(Engine.OSM, AFTER)));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TrafficReader reader =
                new TrafficReader(TrafficFormat.AUTO, null, new PrintStream(err, true, StandardCharsets.UTF_8));
        reader.read("traffic.jsonl", new BufferedReader(new StringReader(traffic)), impact::accept, null);

        assertThat(impact.requests()).isEqualTo(7);
        assertThat(impact.count(ChangeKind.NEWLY_REFUSED)).isEqualTo(4);
        assertThat(impact.count(ChangeKind.NEWLY_ALLOWED)).isEqualTo(1);
        assertThat(impact.count(ChangeKind.CHANGED_POLICY)).isEqualTo(1);
        assertThat(impact.verdictChanges()).isEqualTo(5);
        assertThat(reader.unreadable()).isEqualTo(1);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        impact.print(new PrintStream(out, true, StandardCharsets.UTF_8), 10);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                impact over 7 requests: 4 newly refused, 1 newly allowed, 1 allowed by another policy, 1 unchanged
                newly refused (by client, policy, host):
                           4  curl/curl  curl/httpbin-80  httpbin.org:80
                              e.g. traffic.jsonl:2: curl -s http://httpbin.org/status/200  (allow -> deny)
                              e.g. traffic.jsonl:3: curl -s http://httpbin.org/status/418  (allow -> deny)
                              e.g. traffic.jsonl:4: curl -s http://httpbin.org/status/500  (allow -> deny)
                newly allowed (by client, policy, host):
                           1  curl/curl  curl/database  10.0.7.5:5432
                              e.g. traffic.jsonl:7: tcp 10.0.7.5:5432  (deny -> allow)
                allowed by another policy (by client, policy, host):
                           1  curl/curl  curl/db -> curl/database  10.0.0.5:5432
                              e.g. traffic.jsonl:6: tcp 10.0.0.5:5432  (allow -> allow)
                """);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        impact.writeJson(json);
        assertThat(json.toString(StandardCharsets.UTF_8))
                .contains(
                        "\"newlyRefused\" : 4",
                        "\"change\" : \"newly-refused\"",
                        "\"policy\" : \"curl/db -> curl/database\"");
    }
}
