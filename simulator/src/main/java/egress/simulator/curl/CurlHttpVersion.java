package egress.simulator.curl;

/** The HTTP version asked for on the command line. */
public enum CurlHttpVersion {
    /** No option: curl's default (HTTP/1.1 for http, HTTP/2 negotiated by ALPN for https). */
    DEFAULT,
    /** {@code --http1.0}. */
    HTTP_1_0,
    /** {@code --http1.1}. */
    HTTP_1_1,
    /** {@code --http2}. */
    HTTP_2
}
