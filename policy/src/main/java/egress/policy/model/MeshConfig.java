package egress.policy.model;

import java.util.List;
import java.util.Set;

/**
 * The parts of osm's {@code MeshConfig} ({@code config.openservicemesh.io/v1alpha2}) that decide egress.
 *
 * @param enableEgressPolicy {@code spec.featureFlags.enableEgressPolicy}: false ignores every Egress
 * @param enableEgress       {@code spec.traffic.enableEgress}: global passthrough for unmatched traffic
 */
public record MeshConfig(
        boolean enableEgressPolicy,
        boolean enableEgress,
        List<Integer> outboundPortExclusionList,
        List<String> outboundIPRangeExclusionList,
        List<String> outboundIPRangeInclusionList) {
    public static final String API_VERSION = Crd.MESH_CONFIG.apiVersion();
    public static final String KIND = "MeshConfig";

    /**
     * What the product assumes when no MeshConfig is given: policies on, global egress off. This is the
     * state the guide's walkthrough runs in (osm-edge's chart turns global egress on; the guide needs it off).
     */
    public static final MeshConfig DEFAULT = new MeshConfig(true, false, List.of(), List.of(), List.of());

    /**
     * Every field of {@code spec.traffic} in osm-edge v1.3.9's v1alpha2 CRD, modelled or not: what a short
     * MeshConfig key (a test file's {@code meshConfig:}) may name besides {@code enableEgressPolicy}.
     */
    public static final Set<String> TRAFFIC_FIELDS = Set.of(
            "enableEgress",
            "enablePermissiveTrafficPolicyMode",
            "http1PerRequestLoadBalancing",
            "http2PerRequestLoadBalancing",
            "inboundExternalAuthorization",
            "inboundPortExclusionList",
            "interceptionMode",
            "networkInterfaceExclusionList",
            "outboundIPRangeExclusionList",
            "outboundIPRangeInclusionList",
            "outboundPortExclusionList");

    public MeshConfig {
        outboundPortExclusionList = List.copyOf(outboundPortExclusionList);
        outboundIPRangeExclusionList = List.copyOf(outboundIPRangeExclusionList);
        outboundIPRangeInclusionList = List.copyOf(outboundIPRangeInclusionList);
    }

    public MeshConfig withEnableEgressPolicy(boolean on) {
        return new MeshConfig(
                on,
                enableEgress,
                outboundPortExclusionList,
                outboundIPRangeExclusionList,
                outboundIPRangeInclusionList);
    }

    public MeshConfig withEnableEgress(boolean on) {
        return new MeshConfig(
                enableEgressPolicy,
                on,
                outboundPortExclusionList,
                outboundIPRangeExclusionList,
                outboundIPRangeInclusionList);
    }
}
