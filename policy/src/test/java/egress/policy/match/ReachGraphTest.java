package egress.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.ObjectRef;
import egress.policy.model.PolicySet;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReachGraphTest {
    private static final Identity CURL = new Identity("curl", "curl");

    private static PolicySet set(String yaml) throws ManifestException {
        return PolicySet.of(ManifestReader.read("reach.yaml", yaml));
    }

    private static List<String> edges(PolicySet set, Engine engine) {
        return ReachGraph.of(set, engine).edges().stream()
                .map(e -> e.client() + " " + e.policy() + " " + e.portIndex() + " " + e.port() + "/" + e.protocol()
                        + " " + e.destination())
                .toList();
    }

    @Test
    void ipAddressesOnAnHttpPortGiveNoEdgeUnderOsmWhichRoutesByHost() throws ManifestException {
        PolicySet s = set("""
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: mixed, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [httpbin.org]
                  ipAddresses: [10.0.0.0/8]
                  ports: [{number: 80, protocol: http}, {number: 5432, protocol: tcp}]
                """);
        assertThat(edges(s, Engine.OSM))
                .containsExactly(
                        "curl/curl curl/mixed 0 80/http httpbin.org", "curl/curl curl/mixed 1 5432/tcp 10.0.0.0/8");
    }

    @Test
    void aCapitalisedProtocolIsBuiltByPipyOnly() throws ManifestException {
        PolicySet s = set("""
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: shouting, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [httpbin.org]
                  ports: [{number: 80, protocol: HTTP}]
                """);
        assertThat(edges(s, Engine.OSM)).isEmpty();
        assertThat(edges(s, Engine.PIPY)).containsExactly("curl/curl curl/shouting 0 80/http httpbin.org");
    }

    @Test
    void aPolicyInAnUnmonitoredNamespaceReachesNothingAndSaysWhy() throws ManifestException {
        PolicySet s = set("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: curl, labels: {openservicemesh.io/monitored-by: osm}}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: elsewhere}
                ---
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: unwatched, namespace: elsewhere}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [httpbin.org]
                  ports: [{number: 80, protocol: http}]
                """);
        ReachGraph g = ReachGraph.of(s, Engine.OSM);
        assertThat(g.edges()).isEmpty();
        assertThat(g.ignored()).containsOnlyKeys(new ObjectRef("elsewhere", "unwatched"));
        assertThat(g.ignored().values()).singleElement().asString().contains("not monitored");
    }

    @Test
    void tcpWithoutRangesReachesAnyAddressAndHttpsWithoutHostsToo() throws ManifestException {
        PolicySet s = set("""
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: open, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  ports: [{number: 5432, protocol: tcp}, {number: 443, protocol: https}]
                """);
        assertThat(edges(s, Engine.OSM))
                .containsExactly("curl/curl curl/open 1 443/https *", "curl/curl curl/open 0 5432/tcp *");
        // pipy has no upstream for an https match without hosts
        assertThat(edges(s, Engine.PIPY)).containsExactly("curl/curl curl/open 0 5432/tcp *");
        assertThat(ReachGraph.of(s, Engine.OSM).edges())
                .allMatch(e -> e.client().equals(CURL));
    }
}
