package egress.cluster.deploy;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import java.util.List;

/** Small workspaces for deploy tests. */
final class Workspaces {
    private Workspaces() {}

    static String egress(String name, String host) {
        return """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: %s, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [%s]
                  ports: [{number: 80, protocol: http}]
                """.formatted(name, host);
    }

    static String routeGroup(String name) {
        return """
                apiVersion: specs.smi-spec.io/v1alpha4
                kind: HTTPRouteGroup
                metadata: {name: %s, namespace: curl}
                spec:
                  matches: [{name: get, pathRegex: /get, methods: [GET]}]
                """.formatted(name);
    }

    /** Port 0: the API server's schema rejects it. */
    static String invalidEgress(String name) {
        return egress(name, "bad.example").replace("number: 80", "number: 0");
    }

    static List<Manifest> of(String... documents) {
        try {
            return ManifestReader.read("workspace.yaml", String.join("---\n", documents));
        } catch (ManifestException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
