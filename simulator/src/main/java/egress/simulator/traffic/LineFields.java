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

    /** The full JSON parser: every line the quick reader leaves, and the error messages. */
    static LineFields parseWithJackson(JsonFactory json, String line) throws IOException {
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
                f.set(field, t == JsonToken.VALUE_NULL ? null : p.getText(), t == JsonToken.VALUE_TRUE);
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new IllegalArgumentException("the JSON object is not closed");
            }
        }
        return f;
    }

    /**
     * Reads a line with the quick reader when it is a flat object without escapes (what every log writer
     * here writes), else with Jackson; both give the same fields.
     */
    static LineFields parse(JsonFactory json, String line) throws IOException {
        LineFields f = QuickJson.read(line);
        return f != null ? f : parseWithJackson(json, line);
    }

    /** One field's value; {@code "-"} (Envoy's "no value") reads as absent. */
    void set(String field, String value, boolean isTrue) {
        String v = "-".equals(value) ? null : value;
        switch (field) {
            case "from" -> from = v;
            case "curl" -> curl = v;
            case "protocol" -> protocol = v;
            case "host" -> host = v;
            case "ip" -> ip = v;
            case "port" -> port = v;
            case "method" -> method = v;
            case "path" -> path = v;
            case "sni" -> {
                sniGiven = true;
                sni = v;
            }
            case "serverFirst" -> serverFirst = isTrue;
            case "time" -> time = v;
            case "source" -> source = v;
            case "verdict" -> verdict = v;
            case "policy" -> policy = v;
            case "start_time" -> startTime = v;
            case "authority" -> authority = v;
            case "requested_server_name" -> serverName = v;
            case "upstream_host" -> upstreamHost = v;
            case "upstream_cluster" -> upstreamCluster = v;
            case "response_code" -> responseCode = v;
            case "response_code_details" -> responseDetails = v;
            case "response_flags" -> responseFlags = v;
            default -> {}
        }
    }

    /** The format a line is in, by the keys only that format writes; null when none fits. */
    TrafficFormat detect() {
        if (source != null || verdict != null) {
            return TrafficFormat.ENFORCER;
        }
        if (startTime != null
                || authority != null
                || upstreamHost != null
                || upstreamCluster != null
                || responseCode != null
                || responseFlags != null) {
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
