package egress.policy.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.Position;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaValidatorTest {

    private static List<String> texts(Manifest m) {
        return SchemaValidator.validate(m, Schemas.EGRESS).stream()
                .map(Diagnostic::text)
                .toList();
    }

    private static List<String> codes(Manifest m) {
        return SchemaValidator.validate(m, Schemas.EGRESS).stream()
                .map(Diagnostic::code)
                .toList();
    }

    private static final String SA = "sources: [{kind: ServiceAccount, name: a, namespace: b}]";
    private static final String CIDR_MESSAGE = " in body should match '((?:\\d{1,3}\\.){3}\\d{1,3})\\/(\\d{1,2})$'";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            missing ports     | {SA, hosts: [a.com]}                                   | EGR110 | spec.ports: Required value
            missing sources   | {ports: []}                                            | EGR110 | spec.sources: Required value
            port zero         | {SA, ports: [{number: 0, protocol: http}]}             | EGR113 | spec.ports[0].number: Invalid value: 0: spec.ports[0].number in body should be greater than or equal to 1
            port too big      | {SA, ports: [{number: 65536, protocol: http}]}         | EGR114 | spec.ports[0].number: Invalid value: 65536: spec.ports[0].number in body should be less than or equal to 65535
            port as a string  | {SA, ports: [{number: "80", protocol: http}]}          | EGR111 | `spec.ports[0].number: Invalid value: "string": spec.ports[0].number in body must be of type integer: "string"`
            missing protocol  | {SA, ports: [{number: 80}]}                            | EGR110 | spec.ports[0].protocol: Required value
            source no name    | {sources: [{kind: ServiceAccount, namespace: b}], ports: []} | EGR110 | spec.sources[0].name: Required value
            ip without prefix | {SA, ports: [], ipAddresses: [10.0.0.0]}               | EGR115 | `spec.ipAddresses[0]: Invalid value: "10.0.0.0": spec.ipAddresses[0]CIDR`
            ipv6              | {SA, ports: [], ipAddresses: ["::1/128"]}              | EGR115 | `spec.ipAddresses[0]: Invalid value: "::1/128": spec.ipAddresses[0]CIDR`
            match no name     | {SA, ports: [], matches: [{apiGroup: a, kind: b}]}     | EGR110 | spec.matches[0].name: Required value
            hosts not a list  | {SA, ports: [], hosts: a.com}                          | EGR111 | `spec.hosts: Invalid value: "string": spec.hosts in body must be of type array: "string"`
            mtls no issuer    | {sources: [{kind: ServiceAccount, name: a, namespace: b, mtls: {}}], ports: []} | EGR110 | spec.sources[0].mtls.issuer: Required value
            mtls issuer       | {sources: [{kind: ServiceAccount, name: a, namespace: b, mtls: {issuer: vault}}], ports: []} | EGR112 | `spec.sources[0].mtls.issuer: Unsupported value: "vault": supported values: "osm", "other"`
            cert no secret    | {sources: [{kind: ServiceAccount, name: a, namespace: b, mtls: {issuer: other, cert: {sn: 1, expiration: x}}}], ports: []} | EGR110 | spec.sources[0].mtls.cert.secret: Required value
            empty SAN list    | {sources: [{kind: ServiceAccount, name: a, namespace: b, mtls: {issuer: other, cert: {sn: 1, expiration: x, secret: {name: s, namespace: n}, subjectAltNames: []}}}], ports: []} | EGR116 | spec.sources[0].mtls.cert.subjectAltNames: Invalid value: 0: spec.sources[0].mtls.cert.subjectAltNames in body should have at least 1 items
            cert serial zero  | {sources: [{kind: ServiceAccount, name: a, namespace: b, mtls: {issuer: other, cert: {sn: 0, expiration: x, secret: {name: s, namespace: n}}}}], ports: []} | EGR113 | spec.sources[0].mtls.cert.sn: Invalid value: 0: spec.sources[0].mtls.cert.sn in body should be greater than or equal to 1
            """)
    void reportsOneProblemInTheApiServersWords(String label, String spec, String code, String expected) {
        Manifest m = Yaml.one("kind: Egress\nspec: " + spec.replace("SA", SA) + "\n");
        assertThat(texts(m)).containsExactly(expected.replace("CIDR", CIDR_MESSAGE));
        assertThat(codes(m)).containsExactly(code);
    }

    @Test
    void sourceKindOutsideTheEnumIsUnsupported() {
        Manifest m = Yaml.one("""
                kind: Egress
                spec:
                  sources: [{kind: User, name: a, namespace: b}]
                  ports: [{number: 80, protocol: http}]
                """);
        assertThat(texts(m))
                .containsExactly(
                        "spec.sources[0].kind: Unsupported value: \"User\": supported values: \"ServiceAccount\"");
    }

    @Test
    void collectsEveryProblemNotOnlyTheFirst() {
        Manifest m = Yaml.one("""
                kind: Egress
                spec:
                  sources: [{kind: User, name: a}]
                  ipAddresses: [1.2.3.4]
                  ports: [{number: 0}]
                """);
        assertThat(codes(m))
                .containsExactlyInAnyOrder(Codes.REQUIRED, Codes.ENUM, Codes.PATTERN, Codes.REQUIRED, Codes.MINIMUM);
    }

    @Test
    void specItselfIsOptional() {
        assertThat(texts(Yaml.one("kind: Egress\nmetadata: {name: e}\n"))).isEmpty();
    }

    @Test
    void unknownFieldsArePrunedNotReported() {
        Manifest m = Yaml.one("""
                kind: Egress
                spec:
                  sources: []
                  ports: []
                  priority: 7
                """);
        assertThat(texts(m)).isEmpty();
    }

    @Test
    void nullCountsAsAbsent() {
        Manifest m = Yaml.one("""
                kind: Egress
                spec:
                  sources: []
                  ports: null
                """);
        assertThat(texts(m)).containsExactly("spec.ports: Required value");
    }

    @Test
    void patternIsCheckedUnanchoredAsTheApiServerDoes() {
        Manifest m = Yaml.one("""
                kind: Egress
                spec:
                  sources: []
                  ipAddresses: [999.1.1.1/24, abc1.2.3.4/8]
                  ports: [{number: 22, protocol: tcp}]
                """);
        assertThat(texts(m)).isEmpty();
    }

    @Test
    void anIntegralFloatIsAnInteger() {
        Manifest m = Manifest.of(Map.of(
                "spec", Map.of("sources", List.of(), "ports", List.of(Map.of("number", 80.0, "protocol", "http")))));
        assertThat(texts(m)).isEmpty();
        Manifest half = Manifest.of(Map.of(
                "spec", Map.of("sources", List.of(), "ports", List.of(Map.of("number", 80.5, "protocol", "http")))));
        assertThat(texts(half))
                .containsExactly("spec.ports[0].number: Invalid value: \"number\": "
                        + "spec.ports[0].number in body must be of type integer: \"number\"");
    }

    @Test
    void additionalPropertiesCheckEveryMapValue() {
        Manifest m = Yaml.one("""
                kind: HTTPRouteGroup
                spec:
                  matches:
                  - name: m
                    methods: [GET, FETCH]
                    headers: [{x-n: 5}]
                """);
        assertThat(SchemaValidator.validate(m, Schemas.HTTP_ROUTE_GROUP))
                .extracting(Diagnostic::text)
                .containsExactly(
                        "spec.matches[0].methods[1]: Unsupported value: \"FETCH\": supported values: \"*\", \"GET\", \"HEAD\", "
                                + "\"PUT\", \"POST\", \"DELETE\", \"CONNECT\", \"OPTIONS\", \"TRACE\", \"PATCH\"",
                        "spec.matches[0].headers[0].x-n: Invalid value: \"integer\": spec.matches[0].headers[0].x-n in body "
                                + "must be of type string: \"integer\"");
    }

    @Test
    void minLengthCountsCharacters() {
        Schema s = Schema.object().property("path", Schema.string().withMinLength(1));
        assertThat(SchemaValidator.validate(Manifest.of(Map.of("path", "")), s))
                .extracting(Diagnostic::text)
                .containsExactly("path: Invalid value: \"\": path in body should be at least 1 chars long");
    }

    @Test
    void locatesTheProblemAtTheFieldAndMissingFieldsAtTheirParent() {
        Manifest m = Yaml.one("""
                kind: Egress
                spec:
                  sources: []
                  ports:
                  - number: 0
                    protocol: http
                  - protocol: tcp
                """);
        List<Diagnostic> d = SchemaValidator.validate(m, Schemas.EGRESS);
        assertThat(d)
                .extracting(Diagnostic::path, Diagnostic::position)
                .containsExactly(
                        tuple("spec.ports[0].number", new Position(5, 13)),
                        tuple("spec.ports[1].number", new Position(7, 5)));
        assertThat(d).allMatch(Diagnostic::isError);
    }
}
