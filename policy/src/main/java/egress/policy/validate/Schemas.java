package egress.policy.validate;

import static egress.policy.validate.Schema.array;
import static egress.policy.validate.Schema.bool;
import static egress.policy.validate.Schema.integer;
import static egress.policy.validate.Schema.object;
import static egress.policy.validate.Schema.string;
import static egress.policy.validate.Schema.stringEnum;

/**
 * The product's own copy of the CRD schemas it admits against, written from osm-edge v1.3.9's CRDs. A test
 * compares them with the upstream YAML: Egress and HTTPRouteGroup must be equal; for UpstreamTrafficSetting
 * and MeshConfig, which the product only partly uses, every constraint declared here must exist upstream.
 */
public final class Schemas {
    /** The tail-only CIDR pattern of the CRDs (no {@code ^}: {@code 999.1.1.1/24} passes). */
    public static final String CIDR_PATTERN = "((?:\\d{1,3}\\.){3}\\d{1,3})\\/(\\d{1,2})$";

    /** {@code policy.openservicemesh.io/v1alpha1 Egress}, with osm-edge's {@code sources[].mtls}. */
    public static final Schema EGRESS = object().property(
                    "spec",
                    object().require("sources", "ports")
                            .property(
                                    "sources",
                                    array(object().require("kind", "name", "namespace")
                                            .property("kind", stringEnum("ServiceAccount"))
                                            .property("name", string())
                                            .property("namespace", string())
                                            .property("mtls", mtls())))
                            .property("hosts", array(string()))
                            .property("ipAddresses", array(string().withPattern(CIDR_PATTERN)))
                            .property(
                                    "ports",
                                    array(object().require("number", "protocol")
                                            .property("number", port())
                                            .property("protocol", string())))
                            .property(
                                    "matches",
                                    array(object().require("apiGroup", "kind", "name")
                                            .property("apiGroup", string())
                                            .property("kind", string())
                                            .property("name", string()))));

    /** {@code specs.smi-spec.io/v1alpha4 HTTPRouteGroup}. */
    public static final Schema HTTP_ROUTE_GROUP = object().property(
                    "spec",
                    object().require("matches")
                            .property(
                                    "matches",
                                    array(object().require("name")
                                            .property("name", string())
                                            .property("pathRegex", string())
                                            .property(
                                                    "methods",
                                                    array(stringEnum(
                                                            "*", "GET", "HEAD", "PUT", "POST", "DELETE", "CONNECT",
                                                            "OPTIONS", "TRACE", "PATCH")))
                                            .property("headers", array(object().withAdditionalProperties(string()))))));

    /** {@code policy.openservicemesh.io/v1alpha1 UpstreamTrafficSetting}: the host and the connection limits. */
    public static final Schema UPSTREAM_TRAFFIC_SETTING = object().property(
                    "spec",
                    object().require("host")
                            .property("host", string())
                            .property(
                                    "connectionSettings",
                                    object().property(
                                                    "tcp",
                                                    object().property(
                                                                    "maxConnections",
                                                                    integer().min(0))
                                                            .property("connectTimeout", string()))
                                            .property(
                                                    "http",
                                                    object().property(
                                                                    "maxRequests",
                                                                    integer().min(0))
                                                            .property(
                                                                    "maxRequestsPerConnection",
                                                                    integer().min(0))
                                                            .property(
                                                                    "maxPendingRequests",
                                                                    integer().min(0))
                                                            .property(
                                                                    "maxRetries",
                                                                    integer().min(0)))));

    /** {@code config.openservicemesh.io/v1alpha2 MeshConfig}: the fields that decide egress. */
    public static final Schema MESH_CONFIG = object().property(
                    "spec",
                    object().property("featureFlags", object().property("enableEgressPolicy", bool()))
                            .property(
                                    "traffic",
                                    object().property("enableEgress", bool())
                                            .property(
                                                    "outboundIPRangeExclusionList",
                                                    array(string().withPattern(CIDR_PATTERN)))
                                            .property(
                                                    "outboundIPRangeInclusionList",
                                                    array(string().withPattern(CIDR_PATTERN)))
                                            .property("outboundPortExclusionList", array(port()))));

    private Schemas() {}

    private static Schema port() {
        return integer().range(1, 65535);
    }

    private static Schema mtls() {
        return object().require("issuer")
                .property("issuer", stringEnum("osm", "other"))
                .property(
                        "cert",
                        object().require("sn", "expiration", "secret")
                                .property("sn", port())
                                .property("subjectAltNames", array(string()).withMinItems(1))
                                .property("expiration", string())
                                .property(
                                        "secret",
                                        object().require("name", "namespace")
                                                .property("name", string())
                                                .property("namespace", string())));
    }
}
