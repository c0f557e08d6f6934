package egress.policy.model;

import java.util.Locale;

/** Which data plane's behaviour decisions follow. Callers pass it through; they never branch on it. */
public enum Engine {
    /** The documented behaviour, as the guide shows it: OSM's and osm-edge's Envoy data plane. */
    OSM,
    /** osm-edge's default Pipy data plane, quirks included. */
    PIPY;

    public static Engine parse(String text) {
        if (text == null || text.isEmpty()) {
            return OSM;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "osm", "envoy" -> OSM;
            case "pipy" -> PIPY;
            default ->
                throw new egress.policy.i18n.MessageException(
                        egress.policy.i18n.Message.of("cli.unknown-engine", text));
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
