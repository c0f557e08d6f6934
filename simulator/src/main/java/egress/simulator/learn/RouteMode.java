package egress.simulator.learn;

import java.util.Locale;

/** How {@code egress learn} turns observed HTTP paths into route-group matches. */
public enum RouteMode {
    /** No route group: every path and method on the learned hosts. */
    NONE,
    /** One match per observed path, with its observed methods. */
    EXACT,
    /** Exact paths when few, a shared prefix such as {@code /api/v1/.*} where many paths share it. */
    PREFIX;

    public static RouteMode parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --routes '" + text + "': expected none, exact or prefix");
        }
    }
}
