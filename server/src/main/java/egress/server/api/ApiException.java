package egress.server.api;

import java.util.List;

/** An error answered as a {@link Problem}; thrown by controllers, rendered by {@link ApiServer}. */
public final class ApiException extends RuntimeException {
    private final transient Problem problem;

    public ApiException(int status, String type, String title, List<ProblemDetail> details) {
        super(title);
        this.problem = new Problem(title, status, type, details);
    }

    public static ApiException badRequest(String title, ProblemDetail... details) {
        return new ApiException(400, "bad-request", title, List.of(details));
    }

    public static ApiException notFound(String title) {
        return new ApiException(404, "not-found", title, List.of());
    }

    public Problem problem() {
        return problem;
    }
}
