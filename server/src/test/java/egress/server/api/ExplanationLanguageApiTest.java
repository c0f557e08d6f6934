package egress.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.server.workspace.Workspace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reasons, nearest misses, lint messages and test failures: a code and arguments, the text in the asked language. */
class ExplanationLanguageApiTest {
    static final String RANGED = """
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: ranged, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [example.org]
              ipAddresses: [10.0.0.0/8]
              ports: [{number: 80, protocol: http}]
            """;
    static EmbeddedCluster cluster;
    static ApiServer server;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        Workspace workspace = new Workspace();
        server = ApiServer.start("127.0.0.1", 0, workspace, ClusterConnection.embedded(cluster));
        api = new ApiClient(server);
        api.post("/api/workspace/import", ApiServerTest.EGRESS + "---\n" + RANGED);
    }

    @AfterAll
    static void stop() {
        server.close();
        cluster.close();
    }

    private ApiClient.Reply refusal(String language) throws Exception {
        String body = ApiClient.json(Map.of("from", "curl/curl", "curl", "curl -sI http://httpbin.org:8080/get"));
        return api.send(api.request("/api/simulate")
                .header("Accept-Language", language)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void aRefusalCarriesCodesAndArgumentsAndItsTextInTheAskedLanguage() throws Exception {
        Map<String, Object> en = refusal("en-US,en;q=0.9").json();
        assertThat(en)
                .containsEntry("reason", "no Egress for curl/curl lists port 8080; the connection is closed")
                .containsEntry("reasonCode", "reason.closed")
                .containsEntry("reasonArgs", List.of("no Egress for curl/curl lists port 8080"))
                .containsEntry("nearestMiss", "httpbin.org is allowed on port 80 by curl/httpbin-80, not on 8080")
                .containsEntry("nearestMissCode", "miss.port")
                .containsEntry("nearestMissArgs", List.of("httpbin.org", "80", "curl/httpbin-80", "8080"));
        Map<String, Object> ja = refusal("ja,en;q=0.5").json();
        assertThat(ja)
                .containsEntry("reason", "curl/curl に適用される Egress のどれもポート 8080 を指定していない。接続は閉じられる")
                .containsEntry("reasonCode", "reason.closed")
                .containsEntry("nearestMissCode", "miss.port")
                .containsEntry("nearestMissArgs", List.of("httpbin.org", "80", "curl/httpbin-80", "8080"));
        assertThat(ja.get("explanation")).asString().contains("最も近い不一致: 80 番ポートの httpbin.org");
    }

    @Test
    void theLangParameterWinsOverTheHeader() throws Exception {
        ApiClient.Reply r = api.send(api.request("/api/validate?lang=ja")
                .header("Accept-Language", "en")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        List<?> diagnostics = (List<?>) r.json().get("diagnostics");
        Map<?, ?> lint = diagnostics.stream()
                .map(d -> (Map<?, ?>) d)
                .filter(d -> "EGR301".equals(d.get("code")))
                .findFirst()
                .orElseThrow();
        assertThat(lint.get("message")).asString().startsWith("http ポート 80 の ipAddresses は osm (Envoy) では無視され");
        assertThat(lint.get("args")).isEqualTo(List.of("80"));
        Map<?, ?> english = ((List<?>) api.post("/api/validate", "").json().get("diagnostics"))
                .stream()
                        .map(d -> (Map<?, ?>) d)
                        .filter(d -> "EGR301".equals(d.get("code")))
                        .findFirst()
                        .orElseThrow();
        assertThat(english.get("message")).asString().startsWith("ipAddresses are ignored on http port 80");
    }

    @Test
    void testFailuresAreExplainedInTheAskedLanguageAndActualKeepsTheEnglishReason() throws Exception {
        String test = """
                apiVersion: egress.designer/v1
                kind: EgressTest
                metadata: {name: t}
                cases:
                - name: wrongly expected
                  request: {from: curl/curl, curl: "curl -sI http://httpbin.org:8080/get"}
                  expect: {verdict: allow}
                """;
        ApiClient.Reply r = api.post("/api/tests?file=t.yaml&lang=ja", test);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<?, ?> c = (Map<?, ?>) ((List<?>) r.json().get("cases")).get(0);
        assertThat(c.get("failures")).isEqualTo(List.of("verdict は allow のはずだが、deny だった"));
        assertThat(c.get("failureCodes")).isEqualTo(List.of("test.should-be"));
        assertThat(c.get("reasonCode")).isEqualTo("reason.no-listener");
        assertThat(c.get("reason")).asString().startsWith("curl/curl のサイドカーにはアウトバウンドリスナーがない");
        assertThat(((Map<?, ?>) c.get("actual")).get("reason")).asString().startsWith("the sidecar of curl/curl");
    }
}
