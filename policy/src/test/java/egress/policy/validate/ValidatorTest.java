package egress.policy.validate;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import egress.policy.yaml.Manifest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidatorTest {
    private static final String FILE = """
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: bad, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              ports: [{number: 0, protocol: http}]
            ---
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: good, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [httpbin.org]
              ports: [{number: 80, protocol: HTTP}]
              matches: [{apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: missing}]
            """;

    @Test
    void combinesAdmissionErrorsAndLintWarningsSortedByPosition() {
        List<Manifest> manifests = Yaml.all(FILE);
        Report r = Validator.validate(manifests, Engine.OSM);
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.rejected()).containsExactly(manifests.get(0));
        assertThat(r.diagnostics())
                .extracting(Diagnostic::format)
                .containsExactly(
                        "test.yaml:6:20: error EGR113 spec.ports[0].number: Invalid value: 0: spec.ports[0].number in body"
                                + " should be greater than or equal to 1",
                        "test.yaml:14:34: warning EGR304 spec.ports[0].protocol: protocol \"HTTP\" is not lower case: osm"
                                + " (Envoy) builds nothing for port 80, pipy reads it as http. Write \"http\"",
                        "test.yaml:15:13: warning EGR308 spec.matches[0]: HTTPRouteGroup curl/missing does not exist: every"
                                + " request to this Egress's http hosts is refused. Create it in namespace curl or remove the match");
        assertThat(r.errors()).hasSize(1);
        assertThat(r.warnings()).hasSize(2);
    }

    @Test
    void aRejectedManifestIsNotLinted() {
        // the bad Egress also has an http port without hosts, which would otherwise be linted
        Report r = Validator.validate(Yaml.all(FILE).subList(0, 1));
        assertThat(r.diagnostics()).extracting(Diagnostic::code).containsExactly(Codes.MINIMUM);
    }

    @Test
    void warningsAloneAreNotErrors() {
        Report r = Validator.validate(Yaml.all(FILE).subList(1, 2), Engine.OSM);
        assertThat(r.hasErrors()).isFalse();
        assertThat(r.rejected()).isEmpty();
        assertThat(r.diagnostics()).isNotEmpty();
    }

    @Test
    void reportSortsBySourceLineAndColumn() {
        List<Diagnostic> d = Validator.validate(Yaml.all(FILE), Engine.OSM).diagnostics();
        List<Diagnostic> backwards = new ArrayList<>(d);
        Collections.reverse(backwards);
        Report reversed = new Report(backwards, List.of());
        assertThat(reversed.diagnostics()).containsExactlyElementsOf(d);
    }

    private static final String BAD_GROUP = """
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: bad-group, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              ports: [{number: 22, protocol: tcp}]
              matches: [{apiGroup: invalid, kind: HTTPRouteGroup, name: x}]
            ---
            apiVersion: v1
            kind: Namespace
            """;

    private static List<String> codes(String namespace) {
        return Validator.validate(Yaml.all(BAD_GROUP + namespace), Engine.OSM).diagnostics().stream()
                .map(Diagnostic::code)
                .toList();
    }

    @Test
    void theNamespaceManifestDecidesWhetherTheWebhookChecksAnEgress() {
        // monitored by this mesh: the webhook rejects the apiGroup
        assertThat(codes("metadata: {name: curl, labels: {openservicemesh.io/monitored-by: osm}}"))
                .containsExactly(Codes.MATCH_API_GROUP);
        // no label, an empty one, another mesh's: unmonitored, so admitted unchecked, and inert (the lint says why)
        assertThat(codes("metadata: {name: curl}")).containsExactly(Codes.NAMESPACE_NOT_MONITORED);
        assertThat(codes("metadata: {name: curl, labels: {openservicemesh.io/monitored-by: ''}}"))
                .containsExactly(Codes.NAMESPACE_NOT_MONITORED);
        assertThat(codes("metadata: {name: curl, labels: {openservicemesh.io/monitored-by: other-mesh}}"))
                .containsExactly(Codes.NAMESPACE_NOT_MONITORED);
        // ignore: no webhook, but still monitored (no lint)
        assertThat(codes("metadata: {name: curl, labels: {openservicemesh.io/monitored-by: osm,"
                        + " openservicemesh.io/ignore: 'true'}}"))
                .isEmpty();
        // another namespace's manifest says nothing about curl: checked as before
        assertThat(codes("metadata: {name: elsewhere}")).containsExactly(Codes.MATCH_API_GROUP);
    }

    @Test
    void anUnmonitoredEgressSaysWhyItIsNotCheckedAndInert() {
        Report r = Validator.validate(
                Yaml.all(BAD_GROUP + "metadata: {name: curl, labels: {openservicemesh.io/monitored-by: ''}}"),
                Engine.OSM);
        assertThat(r.hasErrors()).isFalse();
        assertThat(r.diagnostics())
                .extracting(Diagnostic::format)
                .containsExactly("test.yaml:3:40: warning EGR312"
                        + " metadata.namespace: namespace curl is not monitored by the mesh (its Namespace manifest's"
                        + " openservicemesh.io/monitored-by label is empty): this Egress is inert, and osm-edge's webhook does"
                        + " not check it. Add the namespace to the mesh with 'osm namespace add curl'");
    }
}
