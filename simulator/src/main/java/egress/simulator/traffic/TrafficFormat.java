package egress.simulator.traffic;

import java.util.Locale;

/** The kinds of recorded traffic every command reads; {@link #AUTO} detects the kind line by line. */
public enum TrafficFormat {
    AUTO,
    /** The enforcer's JSON access log ({@code {"time":..,"source":..,"protocol":..,"verdict":..}}). */
    ENFORCER,
    /** The replay format of {@code simulate --requests} ({@code {"from":..,"curl":..}} or the explicit form). */
    REPLAY,
    /** OSM's default Envoy sidecar JSON access log (one pod's log; its identity comes from {@code --from}). */
    ENVOY;

    public static TrafficFormat parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown traffic format '" + text + "': expected auto, enforcer, replay or envoy");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
