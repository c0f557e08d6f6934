package egress.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Map;

/** Reads request bodies; anything unreadable is a 400 problem naming the field. */
final class Bodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Bodies() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Context ctx) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw ApiException.badRequest("The request needs a JSON body", ProblemDetail.field("body", "empty"));
        }
        try {
            Object o = JSON.readValue(body, Object.class);
            if (o instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(
                    "The request body is not JSON", ProblemDetail.field("body", e.getOriginalMessage()));
        }
        throw ApiException.badRequest(
                "The request body must be a JSON object", ProblemDetail.field("body", "expected an object"));
    }

    static String string(Map<String, Object> body, String field, boolean required) {
        Object v = body.get(field);
        if (v == null && !required) {
            return null;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw ApiException.badRequest(
                    "Missing or invalid field " + field, ProblemDetail.field(field, "expected a non-empty string"));
        }
        return s;
    }

    static boolean flag(Map<String, Object> body, String field, boolean fallback) {
        Object v = body.get(field);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw ApiException.badRequest(
                    "Invalid field " + field, ProblemDetail.field(field, "expected true or false"));
        }
        return b;
    }
}
