package egress.policy.model;

import java.util.List;

/**
 * An osm-edge {@code Egress} ({@code policy.openservicemesh.io/v1alpha1}): which service accounts may
 * reach which hosts, IP ranges and ports outside the mesh. Egress only ever allows.
 *
 * @param hasSpec false for an Egress written without {@code spec}, which is legal and inert
 */
public record Egress(
        ObjectRef ref,
        boolean hasSpec,
        List<Source> sources,
        List<String> hosts,
        List<String> ipAddresses,
        List<Port> ports,
        List<Match> matches) {

    public static final String API_VERSION = Crd.EGRESS.apiVersion();
    public static final String KIND = Crd.EGRESS.kind();

    public Egress {
        sources = List.copyOf(sources);
        hosts = List.copyOf(hosts);
        ipAddresses = List.copyOf(ipAddresses);
        ports = List.copyOf(ports);
        matches = List.copyOf(matches);
    }

    /** {@code sources[]}: a ServiceAccount, with osm-edge's optional mTLS origination settings. */
    public record Source(String kind, String name, String namespace, Mtls mtls) {
        public boolean selects(Identity id) {
            return "ServiceAccount".equals(kind)
                    && id.name().equals(name)
                    && id.namespace().equals(namespace);
        }
    }

    /** osm-edge's {@code sources[].mtls}. */
    public record Mtls(String issuer, Cert cert) {}

    /** osm-edge's {@code sources[].mtls.cert}. */
    public record Cert(Long sn, List<String> subjectAltNames, String expiration, ObjectRef secret) {}

    /** {@code ports[]}: the protocol exactly as written (engines differ on capitals). */
    public record Port(int number, String protocol) {}

    /** {@code matches[]}: a TypedLocalObjectReference to an object in the Egress's own namespace. */
    public record Match(String apiGroup, String kind, String name) {
        public static final String SMI_GROUP = Crd.HTTP_ROUTE_GROUP.apiVersion();
        public static final String POLICY_GROUP = Crd.UPSTREAM_TRAFFIC_SETTING.apiVersion();

        public boolean isRouteGroup() {
            return SMI_GROUP.equals(apiGroup) && "HTTPRouteGroup".equals(kind);
        }

        public boolean isUpstreamTrafficSetting() {
            return POLICY_GROUP.equals(apiGroup) && "UpstreamTrafficSetting".equals(kind);
        }
    }
}
