package egress.policy.match;

/** Where an allowed connection goes: its original destination, or a policy host resolved by DNS. */
public record Upstream(boolean originalDestination, String host, int port) {
    public static final Upstream ORIGINAL_DESTINATION = new Upstream(true, null, 0);

    public static Upstream policyHost(String host, int port) {
        return new Upstream(false, host, port);
    }

    /** {@code original-destination} or {@code host:port}, as test files write it. */
    @Override
    public String toString() {
        return originalDestination ? "original-destination" : host + ":" + port;
    }
}
