package egress.enforcer;

/** Manifests several enforcer tests share. */
public final class TestManifests {
    /** The guide's first Egress: curl/curl may reach httpbin.org on port 80 over http. */
    public static final String HTTPBIN_80 = """
            kind: Egress
            apiVersion: policy.openservicemesh.io/v1alpha1
            metadata: {name: httpbin-80, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [httpbin.org]
              ports: [{number: 80, protocol: http}]
            """;

    private TestManifests() {
    }
}
