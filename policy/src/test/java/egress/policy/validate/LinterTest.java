package egress.policy.validate;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import egress.policy.model.PolicySet;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinterTest {
    private static final String SA = "sources: [{kind: ServiceAccount, name: curl, namespace: curl}]";

    private static String egress(String name, String spec) {
        return """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: %s, namespace: curl}
                spec: {%s, %s}
                ---
                """.formatted(name, SA, spec);
    }

    private static String routeGroup(String name, String matches) {
        return """
                apiVersion: specs.smi-spec.io/v1alpha4
                kind: HTTPRouteGroup
                metadata: {name: %s, namespace: curl}
                spec: {matches: %s}
                ---
                """.formatted(name, matches);
    }

    private static List<Diagnostic> lint(String yaml, Engine engine) {
        List<Diagnostic> d = Linter.lint(PolicySet.of(Yaml.all(yaml)), engine);
        assertThat(d).noneMatch(Diagnostic::isError);
        return d;
    }

    /** The {@code path: message} of each diagnostic with that code. */
    private static List<String> texts(String yaml, Engine engine, String code) {
        return lint(yaml, engine).stream()
                .filter(d -> d.code().equals(code))
                .map(Diagnostic::text)
                .toList();
    }

    @Test
    void ipAddressesOnAnHttpPortAreIgnoredByEnvoy() {
        String y = egress("e", "hosts: [a.com], ipAddresses: [1.2.3.4/32], ports: [{number: 80, protocol: http}]");
        assertThat(texts(y, Engine.OSM, Codes.IP_ON_HTTP))
                .containsExactly("spec.ports[0]: ipAddresses are ignored on"
                        + " http port 80 by osm (Envoy): every destination IP is allowed for these hosts; pipy instead applies"
                        + " them to every http policy on that port. Restrict by IP with tcp or https, or remove them");
        assertThat(texts(y, Engine.OSM, Codes.PIPY_IP_POOLED)).isEmpty();
    }

    @Test
    void sameHostAndPortInTwoPoliciesForOneClient() {
        String y = egress("a", "hosts: [httpbin.org], ports: [{number: 80, protocol: http}]")
                + egress("b", "hosts: [example.com, HTTPBIN.org], ports: [{number: 80, protocol: http}]");
        assertThat(texts(y, null, Codes.DUPLICATE_HOST_PORT))
                .containsExactly("spec.hosts[1]: host HTTPBIN.org on port 80"
                        + " is also allowed by Egress curl/a for curl/curl: an Envoy data plane rejects the configuration, pipy"
                        + " merges both policies. Allow each host and port in one Egress only");
    }

    @Test
    void sameHostAndPortForDifferentClientsIsFine() {
        String y = egress("a", "hosts: [httpbin.org], ports: [{number: 80, protocol: http}]")
                + egress("b", "hosts: [httpbin.org], ports: [{number: 80, protocol: http}]")
                        .replace("name: curl,", "name: other,");
        assertThat(lint(y, null)).extracting(Diagnostic::code).doesNotContain(Codes.DUPLICATE_HOST_PORT);
    }

    @Test
    void tcpAndTcpServerFirstOnOnePort() {
        String y = egress("a", "ports: [{number: 3306, protocol: tcp}]")
                + egress("b", "ports: [{number: 3306, protocol: tcp-server-first}]");
        assertThat(texts(y, Engine.OSM, Codes.TCP_AND_SERVER_FIRST))
                .containsExactly("spec.ports[0]: port 3306 is"
                        + " tcp-server-first here and tcp in Egress curl/a for curl/curl with the same ipAddresses: an Envoy data"
                        + " plane rejects the listener, pipy treats both as tcp. Use one protocol per port");
    }

    @Test
    void tcpAndTcpServerFirstWithDifferentRangesAreFine() {
        String y = egress("a", "ipAddresses: [10.0.0.0/8], ports: [{number: 3306, protocol: tcp}]")
                + egress("b", "ports: [{number: 3306, protocol: tcp-server-first}]");
        assertThat(texts(y, null, Codes.TCP_AND_SERVER_FIRST)).isEmpty();
    }

    @Test
    void protocolInCapitals() {
        String y = egress("e", "hosts: [a.com], ports: [{number: 80, protocol: HTTP}]");
        assertThat(texts(y, null, Codes.PROTOCOL_CASE))
                .containsExactly("spec.ports[0].protocol: protocol \"HTTP\" is not"
                        + " lower case: osm (Envoy) builds nothing for port 80, pipy reads it as http. Write \"http\"");
    }

    @Test
    void protocolNoEngineKnows() {
        String y = egress("e", "ipAddresses: [8.8.8.8/32], ports: [{number: 53, protocol: udp}]");
        assertThat(texts(y, null, Codes.PROTOCOL_UNKNOWN))
                .containsExactly(
                        "spec.ports[0].protocol: protocol \"udp\" is"
                                + " not http, https, tcp or tcp-server-first: port 53 is silently ignored. Use one of those four");
    }

    @Test
    void wildcardHost() {
        String y = egress("e", "hosts: [a.com, '*.example.com'], ports: [{number: 443, protocol: https}]");
        assertThat(texts(y, Engine.OSM, Codes.WILDCARD_HOST))
                .containsExactly("spec.hosts[1]: host \"*.example.com\""
                        + " contains '*', which Egress does not define: osm (Envoy) treats it as a wildcard but cannot resolve it"
                        + " for http (503), pipy compares it literally. List each host by name");
    }

    @Test
    void httpsPortWithoutHosts() {
        String y = egress("e", "ports: [{number: 443, protocol: https}]");
        assertThat(texts(y, null, Codes.HTTPS_NO_HOSTS))
                .containsExactly("spec.ports[0]: https port 443 has no hosts:"
                        + " osm (Envoy) allows every connection to port 443 whatever the server name, pipy resets them. List the"
                        + " hosts, or use tcp to open the port on purpose");
    }

    @Test
    void matchNamingAMissingRouteGroup() {
        String spec = "hosts: [a.com], ports: [{number: 80, protocol: http}],"
                + " matches: [{apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: r1}]";
        assertThat(texts(egress("e", spec), null, Codes.ROUTE_GROUP_MISSING))
                .containsExactly("spec.matches[0]:"
                        + " HTTPRouteGroup curl/r1 does not exist: every request to this Egress's http hosts is refused. Create"
                        + " it in namespace curl or remove the match");
        assertThat(texts(egress("e", spec) + routeGroup("r1", "[{name: all}]"), null, Codes.ROUTE_GROUP_MISSING))
                .isEmpty();
    }

    @Test
    void matchNamingAMissingUpstreamTrafficSetting() {
        String spec = "hosts: [a.com], ports: [{number: 80, protocol: http}],"
                + " matches: [{apiGroup: policy.openservicemesh.io/v1alpha1, kind: UpstreamTrafficSetting, name: u}]";
        assertThat(texts(egress("e", spec), null, Codes.UPSTREAM_SETTING_MISSING))
                .containsExactly("spec.matches[0]:"
                        + " UpstreamTrafficSetting curl/u does not exist: the whole Egress is ignored and none of its ports is"
                        + " opened. Create it in namespace curl or remove the match");
        String uts = """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: UpstreamTrafficSetting
                metadata: {name: u, namespace: curl}
                spec: {host: a.com}
                """;
        assertThat(texts(egress("e", spec) + uts, null, Codes.UPSTREAM_SETTING_MISSING))
                .isEmpty();
    }

    @Test
    void pathRegexThatIsNotRe2() {
        String y = routeGroup("r", "[{name: m, pathRegex: '/(?=get)', methods: [GET]}]");
        assertThat(texts(y, null, Codes.PATH_REGEX_INVALID))
                .containsExactly("spec.matches[0].pathRegex: pathRegex"
                        + " \"/(?=get)\" is not valid RE2, so an Envoy data plane rejects the route configuration (invalid or"
                        + " unsupported Perl syntax: `(?=`). Rewrite it in RE2 syntax");
    }

    @Test
    void pathRegexNestedTooDeeplyIsReportedNotAStackOverflow() {
        String deep = "(".repeat(20_000) + "a" + ")".repeat(20_000);
        String y = routeGroup("r", "[{name: m, pathRegex: '" + deep + "', methods: [GET]}]");
        assertThat(texts(y, null, Codes.PATH_REGEX_INVALID))
                .singleElement()
                .asString()
                .contains("is not valid RE2", "expression nests too deeply");
    }

    @Test
    void headerRegexThatIsNotRe2() {
        String y = routeGroup("r", "[{name: m, methods: [GET], headers: [{user-agent: '(curl'}]}]");
        assertThat(texts(y, null, Codes.HEADER_REGEX_INVALID))
                .containsExactly("spec.matches[0].headers[0].user-agent:"
                        + " header user-agent regex \"(curl\" is not valid RE2, so an Envoy data plane rejects the route"
                        + " configuration (missing closing ): `(curl`). Rewrite it in RE2 syntax");
    }

    @Test
    void egressInANamespaceTheMeshDoesNotMonitor() {
        String e = egress("e", "ports: [{number: 22, protocol: tcp}]");
        String ns = "apiVersion: v1\nkind: Namespace\nmetadata: {name: curl}\n";
        assertThat(texts(e + ns, null, Codes.NAMESPACE_NOT_MONITORED))
                .containsExactly("metadata.namespace: namespace"
                        + " curl is not monitored by the mesh (its Namespace manifest has no openservicemesh.io/monitored-by"
                        + " label): this Egress is inert, and osm-edge's webhook does not check it. Add the namespace to the"
                        + " mesh with 'osm namespace add curl'");
        String monitored =
                "apiVersion: v1\nkind: Namespace\nmetadata: {name: curl, labels: {openservicemesh.io/monitored-by: osm}}\n";
        assertThat(texts(e + monitored, null, Codes.NAMESPACE_NOT_MONITORED)).isEmpty();
        assertThat(texts(e, null, Codes.NAMESPACE_NOT_MONITORED)).isEmpty();
    }

    @Test
    void sourceServiceAccountThatNoManifestDefines() {
        String e = egress("e", "ports: [{number: 22, protocol: tcp}]");
        String other = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: other, namespace: curl}\n";
        assertThat(texts(e + other, null, Codes.SERVICE_ACCOUNT_UNKNOWN))
                .containsExactly("spec.sources[0]:"
                        + " ServiceAccount curl/curl is not defined by any manifest: this source selects no pod. Check its name"
                        + " and namespace, or add the ServiceAccount");
        assertThat(texts(e, null, Codes.SERVICE_ACCOUNT_UNKNOWN)).isEmpty();
        String curl = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: curl, namespace: curl}\n";
        assertThat(texts(e + curl, null, Codes.SERVICE_ACCOUNT_UNKNOWN)).isEmpty();
    }

    @Test
    void cidrThatPassesTheCrdPatternButIsNotACidr() {
        String y = egress("e", "ipAddresses: [10.0.0.0/8, 999.1.1.1/24], ports: [{number: 22, protocol: tcp}]");
        assertThat(texts(y, null, Codes.CIDR_INVALID))
                .containsExactly(
                        "spec.ipAddresses[1]: \"999.1.1.1/24\" is not a"
                                + " valid CIDR (IPv4 octet over 255 in \"999.1.1.1\"): it passes the CRD's loose pattern but Go's"
                                + " net.ParseCIDR rejects it, so it is silently dropped. Write a.b.c.d/n with octets 0-255 and n 0-32");
        assertThat(texts(y, null, Codes.CIDRS_ALL_INVALID)).isEmpty();
    }

    @Test
    void aPrefixLengthWithLeadingZerosIsValidAsGoReadsIt() {
        String y = egress("e", "ipAddresses: [10.0.0.0/08], ports: [{number: 22, protocol: tcp}]");
        assertThat(texts(y, null, Codes.CIDR_INVALID)).isEmpty();
        assertThat(texts(y, null, Codes.CIDRS_ALL_INVALID)).isEmpty();
    }

    @Test
    void anOctetWithALeadingZeroIsDroppedAsGoRejectsIt() {
        String y = egress("e", "ipAddresses: [010.0.0.0/8], ports: [{number: 22, protocol: tcp}]");
        assertThat(texts(y, null, Codes.CIDR_INVALID))
                .singleElement()
                .asString()
                .contains("leading zero");
        assertThat(texts(y, null, Codes.CIDRS_ALL_INVALID)).hasSize(1);
    }

    @Test
    void anIpv6RangeMatchesNoIpv4Destination() {
        String y = egress("e", "ipAddresses: [\"::ffff:10.0.0.0/24\"], ports: [{number: 22, protocol: tcp}]");
        assertThat(texts(y, null, Codes.CIDR_NO_IPV4))
                .containsExactly("spec.ipAddresses[0]: \"::ffff:10.0.0.0/24\""
                        + " is the IPv6 range ::/24, which holds no IPv4 address: only IPv6 destinations match this entry."
                        + " For IPv4 write a.b.c.d/n");
        assertThat(texts(y, null, Codes.CIDR_INVALID)).isEmpty();
        // an IPv6 range meant as one (the CRD admits it with an IPv4 tail) is not a mistake
        String v6 = egress("e", "ipAddresses: [\"2001:db8::0.0.0.0/32\"], ports: [{number: 22, protocol: tcp}]");
        assertThat(texts(v6, null, Codes.CIDR_NO_IPV4)).isEmpty();
        assertThat(texts(
                        egress("e", "ipAddresses: [\"::ffff:10.0.0.0/104\"], ports: [{number: 22, protocol: tcp}]"),
                        null,
                        Codes.CIDR_NO_IPV4))
                .isEmpty();
        assertThat(texts(y, null, Codes.CIDRS_ALL_INVALID)).isEmpty();
    }

    @Test
    void whenEveryCidrIsDroppedTheRuleMatchesEveryIp() {
        String y = egress("e", "ipAddresses: [999.1.1.1/24, abc1.2.3.4/8], ports: [{number: 22, protocol: tcp}]");
        assertThat(texts(y, null, Codes.CIDR_INVALID)).hasSize(2);
        assertThat(texts(y, null, Codes.CIDRS_ALL_INVALID))
                .containsExactly(
                        "spec.ipAddresses: no ipAddresses entry is"
                                + " a valid CIDR: all are dropped and the rule matches every destination IP. Fix them or remove ipAddresses");
    }

    @Test
    void headersElementWithSeveralKeys() {
        String y = routeGroup("r", "[{name: m, methods: [GET], headers: [{user-agent: curl, accept: json}]}]");
        assertThat(texts(y, null, Codes.HEADERS_MULTI_KEY))
                .containsExactly("spec.matches[0].headers[0]: headers"
                        + " element has 2 keys (user-agent, accept): the SMI SDK cannot decode it (\"incorrect length of"
                        + " keyval\"), so osm treats HTTPRouteGroup curl/r as missing and refuses the hosts that use it. Write"
                        + " one key per list element");
    }

    @Test
    void pathRegexThatTheEnginesReadDifferently() {
        String y = routeGroup("r", "[{name: m, pathRegex: /get, methods: [GET]}]");
        assertThat(texts(y, Engine.PIPY, Codes.PIPY_PATH_REGEX))
                .containsExactly("spec.matches[0].pathRegex: pathRegex"
                        + " \"/get\": osm matches the whole path without the query, pipy finds it anywhere in path and query."
                        + " Write \"^/get(\\?.*)?$\" to get the same result on both");
        String portable = routeGroup("r", "[{name: m, pathRegex: '^/anything.*', methods: [GET]}]");
        assertThat(texts(portable, Engine.PIPY, Codes.PIPY_PATH_REGEX)).isEmpty();
    }

    @Test
    void portableFormAnchorsAndAllowsAQuery() {
        assertThat(RouteGroupLints.portableForm("^/get$")).isEqualTo("^/get(\\?.*)?$");
        assertThat(RouteGroupLints.portableForm("/a|/b")).isEqualTo("^(?:/a|/b)(\\?.*)?$");
        assertThat(RouteGroupLints.portable("^/get.*$")).isTrue();
        assertThat(RouteGroupLints.portable("/get.*")).isFalse();
    }

    @Test
    void wildcardMethods() {
        String y = routeGroup("r", "[{name: m, methods: ['*']}, {name: n}, {name: o, methods: [GET]}]");
        String message = ": any method means every method under osm but only GET, HEAD, POST, PUT, DELETE, PATCH and"
                + " OPTIONS under pipy: CONNECT and TRACE are refused there. List them explicitly if clients use them";
        assertThat(texts(y, Engine.PIPY, Codes.PIPY_WILDCARD_METHODS))
                .containsExactly("spec.matches[0].methods" + message, "spec.matches[1]" + message);
    }

    @Test
    void headerNameWithCapitals() {
        String y = routeGroup("r", "[{name: m, methods: [GET], headers: [{User-Agent: '.*curl.*'}]}]");
        assertThat(texts(y, Engine.PIPY, Codes.PIPY_HEADER_CAPITALS))
                .containsExactly("spec.matches[0].headers[0].User-Agent:"
                        + " header name \"User-Agent\" has capitals: pipy never matches it (it lower-cases incoming names), osm"
                        + " does. Write \"user-agent\"");
    }

    @Test
    void httpsHostsAreNotCheckedByPipy() {
        String y = egress("e", "hosts: [a.com, b.com], ports: [{number: 443, protocol: https}]");
        assertThat(texts(y, Engine.PIPY, Codes.PIPY_HTTPS_NO_SNI))
                .containsExactly("spec.ports[0]: pipy does not compare"
                        + " the TLS server name with hosts: every connection to port 443 goes to a.com or b.com, whatever its"
                        + " server name and address; osm checks the server name and keeps the original destination. Use the osm"
                        + " engine (sidecarClass: envoy) if that matters");
    }

    @Test
    void ipAddressesOnHttpsArePooledByPipy() {
        String y = egress("e", "hosts: [a.com], ipAddresses: [1.2.3.0/24], ports: [{number: 443, protocol: https}]");
        assertThat(texts(y, Engine.PIPY, Codes.PIPY_IP_POOLED))
                .containsExactly("spec.ports[0]: pipy pools the"
                        + " ipAddresses of every https policy on port 443, so they restrict the others too, and may wrap the"
                        + " connection in mesh mTLS (osm-edge Q5). Prefer tcp for IP-based rules");
    }

    @Test
    void tcpAndHttpsOnOnePortWithoutIpsIsRandomUnderPipy() {
        String y = egress("a", "ports: [{number: 443, protocol: tcp}]")
                + egress("b", "hosts: [a.com], ports: [{number: 443, protocol: https}]");
        assertThat(texts(y, Engine.PIPY, Codes.PIPY_NON_DETERMINISTIC))
                .containsExactly("spec.ports[0]: port 443 is https"
                        + " here and tcp in Egress curl/a for curl/curl, both without ipAddresses: pipy applies one of the two at"
                        + " random. Give one of them ipAddresses or use one protocol");
    }

    @Test
    void engineChoiceLeavesOutTheOtherEnginesQuirks() {
        String y = egress("e", "hosts: [a.com], ports: [{number: 443, protocol: https}]");
        assertThat(lint(y, Engine.OSM)).isEmpty();
        assertThat(lint(y, Engine.PIPY)).extracting(Diagnostic::code).containsExactly(Codes.PIPY_HTTPS_NO_SNI);
        assertThat(lint(y, null)).extracting(Diagnostic::code).containsExactly(Codes.PIPY_HTTPS_NO_SNI);
    }

    @Test
    void theGuidesPolicyIsClean() {
        String y = egress(
                        "httpbin-80",
                        "hosts: [httpbin.org], ports: [{number: 80, protocol: http}],"
                                + " matches: [{apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: r}]")
                + routeGroup("r", "[{name: m, pathRegex: '^/get.*', methods: [GET]}]");
        assertThat(lint(y, Engine.OSM)).isEmpty();
    }
}
