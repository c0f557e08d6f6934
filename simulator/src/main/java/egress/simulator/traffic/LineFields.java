package egress.simulator.traffic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of one traffic line that any of the formats uses, read in one pass with the streaming
 * parser. Values that Envoy writes as {@code "-"} or {@code null} are read as absent.
 */
final class LineFields {
    // the replay format
    String from;
    String curl;
    boolean sniGiven;
    boolean serverFirst;
    Map<String, String> headers = Map.of();
    // shared by the replay format and the enforcer's log
    String protocol;
    String host;
    String ip;
    String port;
    String method;
    String path;
    String sni;
    // the enforcer's log
    String time;
    String source;
    String verdict;
    String policy;
    // Envoy's log
    String startTime;
    String authority;
    String serverName;
    String upstreamHost;
    String upstreamCluster;
    String responseCode;
    String responseDetails;
    String responseFlags;

    static LineFields parse(JsonFactory json, String line) throws IOException {
        LineFields f = new LineFields();
        try (JsonParser p = json.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    if (field.equals("headers") && t == JsonToken.START_OBJECT) {
                        f.headers = headers(p);
                    } else {
                        p.skipChildren();
                    }
                    continue;
                }
                String v = t == JsonToken.VALUE_NULL ? null : p.getText();
                if ("-".equals(v)) {
                    v = null;
                }
                switch (field) {
                    case "from" -> f.from = v;
                    case "curl" -> f.curl = v;
                    case "protocol" -> f.protocol = v;
                    case "host" -> f.host = v;
                    case "ip" -> f.ip = v;
                    case "port" -> f.port = v;
                    case "method" -> f.method = v;
                    case "path" -> f.path = v;
                    case "sni" -> {
                        f.sniGiven = true;
                        f.sni = v;
                    }
                    case "serverFirst" -> f.serverFirst = t == JsonToken.VALUE_TRUE;
                    case "time" -> f.time = v;
                    case "source" -> f.source = v;
                    case "verdict" -> f.verdict = v;
                    case "policy" -> f.policy = v;
                    case "start_time" -> f.startTime = v;
                    case "authority" -> f.authority = v;
                    case "requested_server_name" -> f.serverName = v;
                    case "upstream_host" -> f.upstreamHost = v;
                    case "upstream_cluster" -> f.upstreamCluster = v;
                    case "response_code" -> f.responseCode = v;
                    case "response_code_details" -> f.responseDetails = v;
                    case "response_flags" -> f.responseFlags = v;
                    default -> {
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new IllegalArgumentException("the JSON object is not closed");
            }
        }
        return f;
    }

    /** The format a line is in, by the keys only that format writes; null when none fits. */
    TrafficFormat detect() {
        if (source != null || verdict != null) {
            return TrafficFormat.ENFORCER;
        }
        if (startTime != null || authority != null || upstreamHost != null || upstreamCluster != null
                || responseCode != null || responseFlags != null) {
            return TrafficFormat.ENVOY;
        }
        if (from != null || curl != null || protocol != null) {
            return TrafficFormat.REPLAY;
        }
        return null;
    }

    private static Map<String, String> headers(JsonParser p) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("header \"" + name + "\" must be a string");
            }
            h.put(name, p.getText());
        }
        return h;
    }
}
