package egress.server.api;

import egress.policy.validate.Diagnostic;

/** One problem inside an error response: where it is, which field, what is wrong and its code. */
public record ProblemDetail(String file, int line, int column, String field, String message, String code) {

    public static ProblemDetail of(Diagnostic d) {
        return new ProblemDetail(
                d.source(), d.position().line(), d.position().column(), d.path(), d.message(), d.code());
    }

    /** A problem with a request field rather than a file. */
    public static ProblemDetail field(String field, String message) {
        return new ProblemDetail(null, 0, 0, field, message, null);
    }
}
