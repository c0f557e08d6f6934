package egress.policy.match;

/**
 * What the client sees of a decision. Allowed connections are {@link #FORWARDED} (what comes back is the
 * upstream's answer) or, under pipy, {@link #FORWARDED_TO_POLICY_HOST}; every refusal has its own signal,
 * since a refused connection, a closed one, a reset and an HTTP error look different to curl.
 */
public enum Signal {
    FORWARDED("forwarded", 0, null),
    FORWARDED_TO_POLICY_HOST("forwarded-to-policy-host", 0, null),
    CONNECTION_REFUSED("connection-refused", 0, null),
    CONNECTION_CLOSED("connection-closed", 0, null),
    CONNECTION_RESET("connection-reset", 0, null),
    HTTP_403("http-403", 403, "Access denied"),
    HTTP_404("http-404", 404, "");

    private final String id;
    private final int httpStatus;
    private final String body;

    Signal(String id, int httpStatus, String body) {
        this.id = id;
        this.httpStatus = httpStatus;
        this.body = body;
    }

    /** The name used by test files and logs, e.g. {@code http-404}. */
    public String id() {
        return id;
    }

    /** The HTTP status the proxy itself answers with, or 0. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The body of the proxy's own HTTP answer, or null. */
    public String body() {
        return body;
    }
}
