package egress.policy.model;

import java.util.Map;

/** An osm {@code UpstreamTrafficSetting}: only its existence matters to Egress decisions (rule R1). */
public record UpstreamTrafficSetting(ObjectRef ref, String host, Map<String, Object> spec) {
    public static final String API_VERSION = Crd.UPSTREAM_TRAFFIC_SETTING.apiVersion();
    public static final String KIND = "UpstreamTrafficSetting";
}
