package egress.simulator.curl;

/**
 * A curl command line that cannot be understood: a shell quoting error, an option curl would not
 * accept or that the simulator does not model, a missing option value, or a bad URL. The message
 * names the offending word exactly, for example {@code unknown curl option: --foo}.
 */
public final class CurlParseException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public CurlParseException(String message) {
        super(message);
    }
}
