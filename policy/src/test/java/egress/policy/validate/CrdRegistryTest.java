package egress.policy.validate;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Crd;
import egress.policy.model.Engine;
import egress.policy.model.Protocol;
import egress.policy.yaml.Manifest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** policy's one registry of CRD coordinates agrees with osm-edge's CRDs. */
class CrdRegistryTest {

    @Test
    void everyKindHasTheGroupKindPluralShortNamesAndAServedVersionOfItsUpstreamCrd() {
        Map<Crd, String> files = Map.of(
                Crd.EGRESS,
                "policy_egress.yaml",
                Crd.UPSTREAM_TRAFFIC_SETTING,
                "policy_upstream_traffic_setting.yaml",
                Crd.HTTP_ROUTE_GROUP,
                "smi_http_route_group.yaml",
                Crd.MESH_CONFIG,
                "config_meshconfig.yaml");
        assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(Crd.ALL);
        files.forEach((crd, file) -> {
            Manifest m =
                    SharedData.read("upstream/osm-edge-v1.3.9/crds/" + file).get(0);
            assertThat(m.get("spec.group")).as(file).isEqualTo(crd.group());
            assertThat(m.get("spec.names.kind")).as(file).isEqualTo(crd.kind());
            assertThat(m.get("spec.names.plural")).as(file).isEqualTo(crd.plural());
            assertThat(m.get("spec.scope")).as(file).isEqualTo("Namespaced");
            Object shortNames = m.get("spec.names.shortNames");
            assertThat(shortNames == null ? List.of() : shortNames).as(file).isEqualTo(crd.shortNames());
            assertThat((List<?>) m.get("spec.versions")).as(file).anySatisfy(v -> {
                assertThat(((Map<?, ?>) v).get("name")).isEqualTo(crd.version());
                assertThat(((Map<?, ?>) v).get("served")).isEqualTo(true);
            });
        });
    }

    @Test
    void aProtocolIsReadAsWrittenByOsmAndLowerCasedByPipy() {
        assertThat(Protocol.read("HTTP", Engine.OSM)).isNull();
        assertThat(Protocol.read("HTTP", Engine.PIPY)).isEqualTo(Protocol.HTTP);
        assertThat(Protocol.read("tcp-server-first", Engine.OSM)).isEqualTo(Protocol.TCP_SERVER_FIRST);
        assertThat(Protocol.of("udp")).isNull();
        assertThat(Protocol.TCP_SERVER_FIRST.isTcp()).isTrue();
    }
}
