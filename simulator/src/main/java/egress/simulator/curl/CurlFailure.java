package egress.simulator.curl;

import java.time.Duration;

/**
 * The failures curl reports, with curl's exit codes and the curl 8.x message texts.
 *
 * <p>A TLS handshake that the other side ends without an answer (what a sidecar does when no
 * filter chain matches the SNI) is {@link #TLS_CONNECT_ERROR}, exit 35, as test-format.md asks;
 * a certificate that does not match the host name is {@link #PEER_FAILED_VERIFICATION}, exit 60.
 * {@link #HTTP_RETURNED_ERROR} is not a network outcome: it comes from rendering an
 * {@link HttpResponse} with status 400 or more under {@code -f}.
 */
public enum CurlFailure {
    COULD_NOT_RESOLVE_HOST(6),
    /** Nothing accepts the connection (refused). */
    COULD_NOT_CONNECT(7),
    HTTP_RETURNED_ERROR(22),
    /** The connection was never answered. */
    CONNECT_TIMEOUT(28),
    /** Connected, but no answer came before {@code --max-time}. */
    OPERATION_TIMEOUT(28),
    TLS_CONNECT_ERROR(35),
    /** Accepted, then closed with no data. */
    EMPTY_REPLY(52),
    /** Reset by the peer. */
    RECV_FAILURE(56),
    PEER_FAILED_VERIFICATION(60);

    /** curl's default connect timeout, which also stands in for "no limit" in the timeout messages. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

    private final int exitCode;

    CurlFailure(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The error line curl prints, e.g. {@code curl: (52) Empty reply from server}, without a line end. */
    public String message(CurlCommand command) {
        return "curl: (" + exitCode + ") " + text(command);
    }

    /** The error line of {@code -f} for an HTTP status of 400 or more. */
    public static String httpErrorMessage(int status) {
        return "curl: (22) The requested URL returned error: " + status;
    }

    /** The message without its {@code curl: (N) } prefix, as {@code -v} shows it. */
    String text(CurlCommand command) {
        Endpoint target = command.connectTarget();
        return switch (this) {
            case COULD_NOT_RESOLVE_HOST -> "Could not resolve host: " + target.host();
            case COULD_NOT_CONNECT ->
                "Failed to connect to " + target.host() + " port " + target.port()
                        + " after 0 ms: Couldn't connect to server";
            case CONNECT_TIMEOUT ->
                "Failed to connect to " + target.host() + " port " + target.port() + " after "
                        + connectLimit(command).toMillis() + " ms: Timeout was reached";
            case OPERATION_TIMEOUT ->
                "Operation timed out after "
                        + command.maxTime().orElse(DEFAULT_TIMEOUT).toMillis() + " milliseconds with 0 bytes received";
            case TLS_CONNECT_ERROR ->
                "OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to "
                        + command.url().host() + ":" + command.port() + " ";
            case EMPTY_REPLY -> "Empty reply from server";
            case RECV_FAILURE -> "Recv failure: Connection reset by peer";
            case PEER_FAILED_VERIFICATION ->
                "SSL: no alternative certificate subject name matches target host name '"
                        + command.url().host() + "'";
            case HTTP_RETURNED_ERROR ->
                throw new IllegalStateException("HTTP_RETURNED_ERROR needs a status: use httpErrorMessage(status)");
        };
    }

    /** Whether curl had connected (and, for http, sent its request) before this failure. */
    boolean afterConnect() {
        return this == OPERATION_TIMEOUT
                || this == TLS_CONNECT_ERROR
                || this == EMPTY_REPLY
                || this == RECV_FAILURE
                || this == PEER_FAILED_VERIFICATION;
    }

    private static Duration connectLimit(CurlCommand command) {
        Duration limit = command.connectTimeout().orElse(DEFAULT_TIMEOUT);
        if (command.maxTime().isPresent() && command.maxTime().get().compareTo(limit) < 0) {
            limit = command.maxTime().get();
        }
        return limit;
    }
}
