package egress.simulator.curl;

/** The switches of a curl command line that take no value. */
public enum CurlFlag {
    /** {@code -s, --silent}: no progress meter and no error messages. */
    SILENT,
    /** {@code -S, --show-error}: error messages even with {@code -s}. */
    SHOW_ERROR,
    /** {@code -I, --head}: send HEAD and print the response headers. */
    HEAD,
    /** {@code -i, --include}: print the response headers before the body. */
    INCLUDE,
    /** {@code -v, --verbose}. */
    VERBOSE,
    /** {@code -k, --insecure}: do not verify the server certificate. */
    INSECURE,
    /** {@code -L, --location}: follow redirects. */
    LOCATION,
    /** {@code -f, --fail}: exit 22 without output on an HTTP status of 400 or more. */
    FAIL,
    /** {@code --json}: the data is JSON (sets Content-Type and Accept). */
    JSON
}
