package egress.designer.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph shows the edges the engine builds, not what the spec seems to say. */
class GraphTest {
    @TempDir
    Path dir;

    private final WorkspaceViewModel vm = new WorkspaceViewModel(new Messages(), new Fixtures.ScriptedDialogs());

    private GraphModel open(String yaml) throws IOException {
        Files.writeString(dir.resolve("policies.yaml"), yaml);
        vm.open(List.of(dir));
        return vm.graphProperty().get();
    }

    @Test
    void ipAddressesOnAnHttpPortAreNoDestinationUnderOsm() throws IOException {
        GraphModel g = open("""
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: mixed, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [httpbin.org]
                  ipAddresses: [10.0.0.0/8]
                  ports: [{number: 80, protocol: http}]
                """);
        assertThat(g.edges())
                .containsExactly(
                        new GraphModel.Edge("sa:curl/curl", "policy:curl/mixed", ""),
                        new GraphModel.Edge("policy:curl/mixed", "dest:httpbin.org:80", "http"));
    }

    @Test
    void aCapitalisedProtocolHasAnEdgeUnderPipyOnly() throws IOException {
        GraphModel g = open("""
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: shouting, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [httpbin.org]
                  ports: [{number: 80, protocol: HTTP}]
                """);
        assertThat(g.edges()).isEmpty();
        assertThat(g.nodes()).extracting(GraphModel.Node::id).containsExactly("policy:curl/shouting");
        vm.engineProperty().set(Engine.PIPY);
        assertThat(vm.graphProperty().get().edges())
                .contains(new GraphModel.Edge("policy:curl/shouting", "dest:httpbin.org:80", "http"));
    }

    @Test
    void aPolicyInAnUnmonitoredNamespaceHasNoEdges() throws IOException {
        GraphModel g = open("""
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
        assertThat(g.edges()).isEmpty();
    }
}
