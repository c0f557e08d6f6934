package egress.server.api;

import java.util.List;

/** The body of every error response, in Javalin's {@code {title,status,type,details}} shape. */
public record Problem(String title, int status, String type, List<ProblemDetail> details) {

    public Problem {
        details = List.copyOf(details);
    }
}
