package egress.simulator.testfile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code expect:} of a case; only the fields given are checked. */
public record Expectation(
        String verdict,
        List<String> signals,
        Integer exitCode,
        String policy,
        String upstream,
        String body,
        String admission,
        String message) {

    /** The fields that were given, for reports. */
    public Map<String, Object> given() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "verdict", verdict);
        if (signals != null) {
            m.put("signal", signals.size() == 1 ? signals.get(0) : signals);
        }
        put(m, "exitCode", exitCode);
        put(m, "policy", policy);
        put(m, "upstream", upstream);
        put(m, "body", body);
        put(m, "admission", admission);
        put(m, "message", message);
        return m;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
