package egress.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.MeshConfig;
import egress.policy.model.PolicySet;
import egress.policy.yaml.ManifestReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The allows a compiled set builds ahead of time keep their rule and build their reason when it is read: the
 * reason must read as the messages always did, in English and in another language, for an http host, an
 * HTTPRouteGroup match, a tcp chain and an https server name; and {@code host:port} finds the host's routes.
 */
class LazyReasonTest {
    private static final String POLICIES = """
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: web, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [httpbin.org]
              ports: [{number: 80, protocol: http}, {number: 443, protocol: https}]
            ---
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: api, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [api.example.com]
              ports: [{number: 8080, protocol: http}]
              matches: [{apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: api-routes}]
            ---
            apiVersion: specs.smi-spec.io/v1alpha4
            kind: HTTPRouteGroup
            metadata: {name: api-routes, namespace: curl}
            spec:
              matches: [{name: versioned, pathRegex: "/api/v[0-9]+/.*", methods: [GET]}]
            ---
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: db, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              ipAddresses: [10.0.0.0/24]
              ports: [{number: 5432, protocol: tcp}]
            """;
    private static final Identity CURL = new Identity("curl", "curl");

    @Test
    void allowReasonsReadAsTheyAlwaysDid() throws Exception {
        CompiledPolicySet set = PolicyCompiler.compile(
                PolicySet.of(ManifestReader.read("<test>", POLICIES)), MeshConfig.DEFAULT, Engine.OSM);
        Decision host = set.decide(EgressRequest.http(CURL, 0x0A000001, 80, "httpbin.org:80", "GET", "/get", Map.of()));
        assertThat(host.reason()).isEqualTo("allowed by curl/web: host httpbin.org on http port 80");
        assertThat(host.reasonMessage())
                .isEqualTo(egress.policy.i18n.Message.of("reason.allow-http-host", host.policy(), "httpbin.org", 80));
        assertThat(host.reason(java.util.Locale.JAPANESE)).isEqualTo("curl/web により許可: http ポート 80 のホスト httpbin.org");

        Decision route = set.decide(
                EgressRequest.http(CURL, 0x0A000001, 8080, "API.example.com:8080", "GET", "/api/v2/items", Map.of()));
        assertThat(route.reason())
                .isEqualTo(
                        "allowed by curl/api: host api.example.com on http port 8080, HTTPRouteGroup curl/api-routes match versioned");

        Decision tcp = set.decide(EgressRequest.tcp(CURL, 0x0A000005, 5432, false));
        assertThat(tcp.reason()).isEqualTo("allowed by curl/db: tcp on port 5432, proxied to the original destination");

        Decision tls = set.decide(EgressRequest.tls(CURL, 0x0A000001, 443, "HTTPBIN.org"));
        assertThat(tls.allowed()).isTrue();
        assertThat(tls.rule().host()).isEqualTo("httpbin.org");
        assertThat(tls.reasonMessage().code()).isEqualTo("reason.allow-chain");
        assertThat(tls.reasonMessage().args().get(1))
                .isEqualTo(egress.policy.i18n.Message.of("what.https-name", "httpbin.org"));
    }

    @Test
    void aRouteThatDoesNotMatchIsRefusedWithTheGuardingRule() throws Exception {
        CompiledPolicySet set = PolicyCompiler.compile(
                PolicySet.of(ManifestReader.read("<test>", POLICIES)), MeshConfig.DEFAULT, Engine.OSM);
        Decision d =
                set.decide(EgressRequest.http(CURL, 0x0A000001, 8080, "api.example.com", "GET", "/other", Map.of()));
        assertThat(d.signal()).isEqualTo(Signal.HTTP_404);
        assertThat(d.rule()).isEqualTo(new RuleRef(d.policy(), 0, 8080, "http", "api.example.com", null, null));
    }
}
