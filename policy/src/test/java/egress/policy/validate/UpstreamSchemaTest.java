package egress.policy.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamSchemaTest {

    @Test
    void egressSchemaEqualsOsmEdgeCrd() {
        Schema upstream = SharedData.crdSchema("policy_egress.yaml", "v1alpha1");
        assertThat(SchemaDiff.missingIn(Schemas.EGRESS, upstream)).isEmpty();
        assertThat(SchemaDiff.missingIn(upstream, Schemas.EGRESS)).isEmpty();
        assertThat(Schemas.EGRESS).isEqualTo(upstream);
    }

    @Test
    void httpRouteGroupSchemaEqualsSmiCrdV1alpha4() {
        Schema upstream = SharedData.crdSchema("smi_http_route_group.yaml", "v1alpha4");
        assertThat(SchemaDiff.missingIn(Schemas.HTTP_ROUTE_GROUP, upstream)).isEmpty();
        assertThat(SchemaDiff.missingIn(upstream, Schemas.HTTP_ROUTE_GROUP)).isEmpty();
        assertThat(Schemas.HTTP_ROUTE_GROUP).isEqualTo(upstream);
    }

    @Test
    void everyUpstreamTrafficSettingConstraintWeDeclareExistsUpstream() {
        Schema upstream = SharedData.crdSchema("policy_upstream_traffic_setting.yaml", "v1alpha1");
        assertThat(SchemaDiff.missingIn(Schemas.UPSTREAM_TRAFFIC_SETTING, upstream))
                .isEmpty();
    }

    @Test
    void everyMeshConfigConstraintWeDeclareExistsUpstream() {
        Schema upstream = SharedData.crdSchema("config_meshconfig.yaml", "v1alpha2");
        assertThat(SchemaDiff.missingIn(Schemas.MESH_CONFIG, upstream)).isEmpty();
    }

    @Test
    void diffNamesAConstraintTheReferenceLacks() {
        Schema declared = Schema.object().property("port", Schema.integer().range(1, 65535));
        Schema reference = Schema.object().property("port", Schema.integer().min(1));
        assertThat(SchemaDiff.missingIn(declared, reference)).containsExactly("port: maximum=65535");
        assertThat(SchemaDiff.missingIn(reference, declared)).isEmpty();
    }

    @Test
    void diffNamesAFieldTheReferenceLacks() {
        Schema declared = Schema.object().property("a", Schema.array(Schema.string()));
        assertThat(SchemaDiff.missingIn(declared, Schema.object())).containsExactly("a: not declared");
    }

    @Test
    void readerSkipsDescriptionsAndDefaultsButRefusesUnknownKeywords() {
        Schema s = Schema.fromOpenApi(Map.of("type", "string", "description", "d", "default", "x"));
        assertThat(s).isEqualTo(Schema.string());
        assertThatThrownBy(() -> Schema.fromOpenApi(Map.of("type", "string", "maxLength", 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(".maxLength: unsupported schema keyword 'maxLength'");
    }

    @Test
    void schemaEqualityIgnoresTheOrderOfRequiredFields() {
        assertThat(Schema.object().require("a", "b")).isEqualTo(Schema.object().require("b", "a"));
        assertThat(Schema.object().require("a")).isNotEqualTo(Schema.object().require("a", "b"));
    }
}
