package egress.enforcer.config;

/**
 * What {@code /ready} answers: whether new connections should be sent here, and why in one or more lines
 * (the reason when not ready; objects that were skipped when ready).
 */
public record Readiness(boolean ready, String text) {
    public static Readiness ok(String detail) {
        return new Readiness(true, detail.isEmpty() ? "ready\n" : "ready\n" + detail);
    }

    public static Readiness notReady(String why) {
        return new Readiness(false, why.endsWith("\n") ? why : why + "\n");
    }
}
