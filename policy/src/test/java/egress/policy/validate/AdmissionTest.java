package egress.policy.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import egress.policy.yaml.Manifest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdmissionTest {

    private static List<String> texts(Manifest m) {
        return Admission.check(m).stream().map(Diagnostic::text).toList();
    }

    private static Manifest withMatches(String matches) {
        return Yaml.egress("e", """
                ports: [{number: 80, protocol: http}]
                matches: %s""".formatted(matches));
    }

    @Test
    void aValidEgressIsAdmitted() {
        assertThat(Admission.check(withMatches("[{apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: r},"
                        + " {apiGroup: policy.openservicemesh.io/v1alpha1, kind: UpstreamTrafficSetting, name: u}]")))
                .isEmpty();
    }

    @Test
    void nameIsRequired() {
        Manifest m = Yaml.one("""
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {namespace: curl}
                spec: {sources: [], ports: []}
                """);
        assertThat(Admission.check(m))
                .extracting(Diagnostic::code, Diagnostic::text)
                .containsExactly(
                        tuple(Codes.NAME_REQUIRED, "metadata.name: Required value: name or generateName is required"));
    }

    @Test
    void generateNameStandsInForName() {
        Manifest m = Yaml.one("""
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {generateName: e-, namespace: curl}
                """);
        assertThat(Admission.check(m)).isEmpty();
    }

    @Test
    void aVersionTheCrdDoesNotServeIsRejected() {
        Manifest m = Yaml.one("""
                apiVersion: specs.smi-spec.io/v1alpha3
                kind: HTTPRouteGroup
                metadata: {name: r, namespace: curl}
                spec: {matches: [{name: all}]}
                """);
        assertThat(texts(m))
                .containsExactly(
                        "apiVersion: no matches for kind \"HTTPRouteGroup\" in version \"specs.smi-spec.io/v1alpha3\"");
        assertThat(Admission.check(m).get(0).code()).isEqualTo(Codes.VERSION_NOT_SERVED);
    }

    @Test
    void nameAndSchemaProblemsAreReportedTogether() {
        Manifest m = Yaml.one("""
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {namespace: curl}
                spec: {sources: []}
                """);
        assertThat(texts(m))
                .containsExactly(
                        "metadata.name: Required value: name or generateName is required",
                        "spec.ports: Required value");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            W1 group without version | [{apiGroup: specs.smi-spec.io, kind: HTTPRouteGroup, name: r1}] | EGR201 | spec.matches[0].apiGroup: Expected 'matches.apiGroup' to be one of [specs.smi-spec.io/v1alpha4 policy.openservicemesh.io/v1alpha1], got: specs.smi-spec.io
            W2 TCPRoute under SMI    | [{apiGroup: specs.smi-spec.io/v1alpha4, kind: TCPRoute, name: r1}] | EGR202 | spec.matches[0].kind: Expected 'matches.kind' for match 'r1' to be 'HTTPRouteGroup', got: TCPRoute
            W3 kind under policy     | [{apiGroup: policy.openservicemesh.io/v1alpha1, kind: Egress, name: u}] | EGR203 | spec.matches[0].kind: Expected 'matches.kind' for match 'u' to be 'UpstreamTrafficSetting', got: Egress
            W4 two settings          | [{apiGroup: policy.openservicemesh.io/v1alpha1, kind: UpstreamTrafficSetting, name: a}, {apiGroup: policy.openservicemesh.io/v1alpha1, kind: UpstreamTrafficSetting, name: b}] | EGR204 | spec.matches[1]: Cannot have more than 1 UpstreamTrafficSetting match
            W2 kind is case-sensitive | [{apiGroup: specs.smi-spec.io/v1alpha4, kind: httproutegroup, name: r}] | EGR202 | spec.matches[0].kind: Expected 'matches.kind' for match 'r' to be 'HTTPRouteGroup', got: httproutegroup
            """)
    void webhookRejectsWithOsmEdgesMessage(String label, String matches, String code, String expected) {
        List<Diagnostic> d = Admission.check(withMatches(matches));
        assertThat(d).extracting(Diagnostic::text).containsExactly(expected);
        assertThat(d).extracting(Diagnostic::code).containsExactly(code);
    }

    @Test
    void webhookReportsEveryBadMatchNotOnlyTheFirst() {
        Manifest m = withMatches(
                "[{apiGroup: x, kind: HTTPRouteGroup, name: a}, {apiGroup: y, kind: HTTPRouteGroup, name: b}]");
        assertThat(Admission.check(m))
                .extracting(Diagnostic::path)
                .containsExactly("spec.matches[0].apiGroup", "spec.matches[1].apiGroup");
    }

    @Test
    void webhookIsNotConsultedWhenTheSchemaFails() {
        Manifest m = Yaml.egress("e", """
                ports: [{number: 0, protocol: http}]
                matches: [{apiGroup: x, kind: y, name: z}]""");
        assertThat(Admission.check(m)).extracting(Diagnostic::code).containsExactly(Codes.MINIMUM);
    }

    @Test
    void otherKindsAreCheckedAgainstTheirSchema() {
        Manifest uts = Yaml.one("""
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: UpstreamTrafficSetting
                metadata: {name: u, namespace: curl}
                spec: {connectionSettings: {tcp: {maxConnections: -1}}}
                """);
        assertThat(texts(uts))
                .containsExactly(
                        "spec.host: Required value",
                        "spec.connectionSettings.tcp.maxConnections: Invalid value: -1: "
                                + "spec.connectionSettings.tcp.maxConnections in body should be greater than or equal to 0");
        Manifest mesh = Yaml.one("""
                apiVersion: config.openservicemesh.io/v1alpha2
                kind: MeshConfig
                metadata: {name: osm-mesh-config, namespace: osm-system}
                spec: {featureFlags: {enableEgressPolicy: "yes"}}
                """);
        assertThat(texts(mesh))
                .containsExactly("spec.featureFlags.enableEgressPolicy: Invalid value: \"string\": "
                        + "spec.featureFlags.enableEgressPolicy in body must be of type boolean: \"string\"");
    }

    @Test
    void kindsTheProductDoesNotModelAreAdmitted() {
        Manifest m = Yaml.one("""
                apiVersion: v1
                kind: ConfigMap
                data: {a: 1}
                """);
        assertThat(Admission.check(m)).isEmpty();
        assertThat(Admission.check(Yaml.one("kind: Egress\napiVersion: example.com/v1\n")))
                .isEmpty();
    }
}
