package egress.policy.validate;

import egress.policy.model.Crd;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stable codes of every diagnostic, with what each one means. EGR1xx: the API server (metadata and the
 * CRD schema) rejects. EGR2xx: osm-edge's validating webhook rejects. EGR3xx: accepted, but the mesh will not
 * do what the manifest seems to say (warnings; EGR33x are the places where the osm and pipy engines differ).
 */
public final class Codes {
    public static final String NAME_REQUIRED = "EGR100";
    public static final String VERSION_NOT_SERVED = "EGR101";
    public static final String REQUIRED = "EGR110";
    public static final String TYPE = "EGR111";
    public static final String ENUM = "EGR112";
    public static final String MINIMUM = "EGR113";
    public static final String MAXIMUM = "EGR114";
    public static final String PATTERN = "EGR115";
    public static final String MIN_ITEMS = "EGR116";
    public static final String MIN_LENGTH = "EGR117";

    public static final String MATCH_API_GROUP = "EGR201";
    public static final String MATCH_KIND_ROUTE_GROUP = "EGR202";
    public static final String MATCH_KIND_UPSTREAM_SETTING = "EGR203";
    public static final String MATCH_TWO_UPSTREAM_SETTINGS = "EGR204";

    public static final String IP_ON_HTTP = "EGR301";
    public static final String DUPLICATE_HOST_PORT = "EGR302";
    public static final String TCP_AND_SERVER_FIRST = "EGR303";
    public static final String PROTOCOL_CASE = "EGR304";
    public static final String PROTOCOL_UNKNOWN = "EGR305";
    public static final String WILDCARD_HOST = "EGR306";
    public static final String HTTPS_NO_HOSTS = "EGR307";
    public static final String ROUTE_GROUP_MISSING = "EGR308";
    public static final String UPSTREAM_SETTING_MISSING = "EGR309";
    public static final String PATH_REGEX_INVALID = "EGR310";
    public static final String HEADER_REGEX_INVALID = "EGR311";
    public static final String NAMESPACE_NOT_MONITORED = "EGR312";
    public static final String SERVICE_ACCOUNT_UNKNOWN = "EGR313";
    public static final String CIDR_INVALID = "EGR314";
    public static final String CIDRS_ALL_INVALID = "EGR315";
    public static final String HEADERS_MULTI_KEY = "EGR316";
    public static final String CIDR_NO_IPV4 = "EGR317";

    public static final String PIPY_PATH_REGEX = "EGR330";
    public static final String PIPY_WILDCARD_METHODS = "EGR331";
    public static final String PIPY_HEADER_CAPITALS = "EGR332";
    public static final String PIPY_HTTPS_NO_SNI = "EGR333";
    public static final String PIPY_IP_POOLED = "EGR334";
    public static final String PIPY_NON_DETERMINISTIC = "EGR335";

    private static final Map<String, String> EXPLANATIONS = new LinkedHashMap<>();

    static {
        explain(NAME_REQUIRED, "metadata.name is missing; the API server rejects an object it cannot name.");
        explain(
                VERSION_NOT_SERVED,
                "the apiVersion is not one the CRD serves (e.g. HTTPRouteGroup v1alpha3), so kubectl finds no such kind.");
        explain(REQUIRED, "a field the CRD schema requires is missing (or null, which the API server prunes).");
        explain(TYPE, "a field has another JSON type than the CRD schema declares.");
        explain(ENUM, "a field's value is not one of the values the CRD schema allows.");
        explain(MINIMUM, "a number is below the CRD schema's minimum.");
        explain(MAXIMUM, "a number is above the CRD schema's maximum.");
        explain(
                PATTERN,
                "a string contains no match of the CRD schema's pattern (unanchored, as the API server checks).");
        explain(MIN_ITEMS, "a list has fewer items than the CRD schema's minItems.");
        explain(MIN_LENGTH, "a string is shorter than the CRD schema's minLength.");
        explain(
                MATCH_API_GROUP,
                "webhook: a matches[] apiGroup must be " + Crd.HTTP_ROUTE_GROUP.apiVersion() + " or "
                        + Crd.UPSTREAM_TRAFFIC_SETTING.apiVersion() + ", version included.");
        explain(
                MATCH_KIND_ROUTE_GROUP,
                "webhook: a matches[] entry with the SMI apiGroup must have kind HTTPRouteGroup.");
        explain(
                MATCH_KIND_UPSTREAM_SETTING,
                "webhook: a matches[] entry with the policy apiGroup must have kind UpstreamTrafficSetting.");
        explain(MATCH_TWO_UPSTREAM_SETTINGS, "webhook: an Egress may name at most one UpstreamTrafficSetting.");
        explain(
                IP_ON_HTTP,
                "ipAddresses on an http port: osm (Envoy) ignores them, pipy applies them to every http policy on that port.");
        explain(
                DUPLICATE_HOST_PORT,
                "two Egresses for one client allow the same host on the same port: Envoy rejects the configuration, pipy merges them.");
        explain(
                TCP_AND_SERVER_FIRST,
                "tcp and tcp-server-first for one client on one port with the same IP ranges: Envoy rejects the listener, pipy treats both as tcp.");
        explain(
                PROTOCOL_CASE,
                "a protocol not in lower case: osm (Envoy) builds nothing for that port, pipy lower-cases it.");
        explain(
                PROTOCOL_UNKNOWN,
                "a protocol other than http, https, tcp, tcp-server-first: the port entry is silently ignored (R3).");
        explain(
                WILDCARD_HOST,
                "a host with '*': no host syntax is defined; Envoy treats it as a wildcard it cannot resolve, pipy as a literal.");
        explain(
                HTTPS_NO_HOSTS,
                "an https port without hosts: osm (Envoy) opens the whole port, pipy resets the connection.");
        explain(
                ROUTE_GROUP_MISSING,
                "a matches[] HTTPRouteGroup that does not exist in the Egress namespace: every request to the policy's http hosts is refused (R2).");
        explain(
                UPSTREAM_SETTING_MISSING,
                "a matches[] UpstreamTrafficSetting that does not exist in the Egress namespace: the whole Egress is ignored (R1).");
        explain(PATH_REGEX_INVALID, "a pathRegex that is not valid RE2: Envoy rejects the route configuration.");
        explain(
                HEADER_REGEX_INVALID,
                "a header value regex that is not valid RE2: Envoy rejects the route configuration.");
        explain(
                NAMESPACE_NOT_MONITORED,
                "an Egress in a namespace whose Namespace manifest lacks openservicemesh.io/monitored-by: osm: the mesh never sees it and the webhook never checks it.");
        explain(
                SERVICE_ACCOUNT_UNKNOWN,
                "a source ServiceAccount that no manifest of the set defines (checked only when the set has ServiceAccounts).");
        explain(
                CIDR_INVALID,
                "an ipAddresses entry that passes the CRD's tail-only pattern but Go's net.ParseCIDR rejects: it is silently dropped (R4).");
        explain(CIDRS_ALL_INVALID, "every ipAddresses entry is dropped, so the rule matches every destination IP.");
        explain(
                HEADERS_MULTI_KEY,
                "an HTTPRouteGroup headers element with several keys: the API server accepts it, but the SMI SDK cannot decode"
                        + " it (\"incorrect length of keyval\"), so osm treats the group as missing and closes the hosts that use it."
                        + " A warning, not an error, because the cluster admits the object.");
        explain(
                CIDR_NO_IPV4,
                "an ipAddresses entry that Go reads as an IPv6 range holding no IPv4 address (an IPv4-mapped address with a prefix under 96, e.g. ::ffff:10.0.0.0/24, which is ::/24): it matches IPv6 destinations only.");
        explain(
                PIPY_PATH_REGEX,
                "pipy: a pathRegex is searched anywhere in path and query, osm matches the whole path without the query.");
        explain(
                PIPY_WILDCARD_METHODS,
                "pipy: any method ('*' or none listed) means GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS only.");
        explain(
                PIPY_HEADER_CAPITALS,
                "pipy: a header name with capitals never matches (pipy lower-cases incoming names).");
        explain(
                PIPY_HTTPS_NO_SNI,
                "pipy: https hosts are not compared with the TLS server name; connections go to a policy host.");
        explain(
                PIPY_IP_POOLED,
                "pipy: ipAddresses on http/https are pooled per port across policies (and may break the connection, Q5).");
        explain(
                PIPY_NON_DETERMINISTIC,
                "pipy: tcp with https or http on one port without ipAddresses: which rule applies is random.");
    }

    private Codes() {}

    private static void explain(String code, String text) {
        EXPLANATIONS.put(code, text);
    }

    /** The one-line explanation of a code, or null for an unknown code. */
    public static String explain(String code) {
        return EXPLANATIONS.get(code);
    }

    /** Every code with its explanation, in code order. */
    public static Map<String, String> all() {
        return Collections.unmodifiableMap(EXPLANATIONS);
    }
}
