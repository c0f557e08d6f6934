package egress.cluster.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import egress.policy.yaml.MergePatch;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code dryRun=All} as the API server does it: the answer a write would get, and nothing stored. The CRUD
 * dispatcher ignores the parameter and would write, so every write with it is answered here: create (409 when
 * the object exists), replace, delete and merge patch (404 when it does not), and server-side apply (created or
 * merged as {@link ServerSideApply} would). JSON patch is refused (400) rather than guessed.
 */
final class DryRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesCrudDispatcher crud;
    private final ServerSideApply apply;

    DryRun(KubernetesCrudDispatcher crud, ServerSideApply apply) {
        this.crud = crud;
        this.apply = apply;
    }

    MockResponse answer(RecordedRequest request) {
        String value = ServerSideApply.queryParam(request.getPath(), "dryRun");
        if (!"All".equals(value)) {
            return ClusterDispatcher.status(
                    400, "BadRequest", "dryRun: Unsupported value: \"" + value + "\": supported values: \"All\"");
        }
        String path = ClusterDispatcher.pathOnly(request.getPath());
        String method = request.getMethod();
        try {
            return switch (method) {
                case "POST" -> create(path, request.getUtf8Body());
                case "PUT" -> existing(path, 200, parse(request.getUtf8Body()));
                case "DELETE" -> existing(path, 200, null);
                case "PATCH" -> patch(request, path);
                default -> ClusterDispatcher.status(405, "MethodNotAllowed", method + " cannot be a dry run");
            };
        } catch (IllegalArgumentException e) {
            return ClusterDispatcher.status(400, "BadRequest", e.getMessage());
        }
    }

    private MockResponse create(String collection, String body) {
        Map<String, Object> object = parse(body);
        Object name = object.get("metadata") instanceof Map<?, ?> m ? m.get("name") : null;
        if (name == null) {
            return ClusterDispatcher.status(422, "Invalid", "metadata.name: Required value: name is required");
        }
        if (crud.handleGet(collection + "/" + name).code() == 200) {
            return ClusterDispatcher.status(409, "AlreadyExists", "\"" + name + "\" already exists");
        }
        return json(201, object);
    }

    /** The answer for an object that must exist: {@code result} (null: the object as it is) or 404. */
    private MockResponse existing(String path, int code, Map<String, Object> result) {
        MockResponse current = crud.handleGet(path);
        if (current.code() != 200) {
            return current;
        }
        return json(code, result != null ? result : parse(current.getBody().readUtf8()));
    }

    private MockResponse patch(RecordedRequest request, String path) {
        String type = String.valueOf(request.getHeader("Content-Type"));
        if (type.contains("apply-patch")) {
            String manager = ServerSideApply.queryParam(request.getPath(), "fieldManager");
            if (manager == null) {
                return ClusterDispatcher.status(400, "BadRequest", "PATCH with apply-patch requires a fieldManager");
            }
            Map<String, Object> applied = ServerSideApply.parse(request.getUtf8Body());
            MockResponse current = crud.handleGet(path);
            if (current.code() == 404) {
                return json(201, apply.create(applied, manager));
            }
            return current.code() != 200
                    ? current
                    : json(200, apply.merge(parse(current.getBody().readUtf8()), applied, manager));
        }
        if (type.contains("merge-patch+json")) {
            MockResponse current = crud.handleGet(path);
            if (current.code() != 200) {
                return current;
            }
            Object merged = MergePatch.apply(parse(current.getBody().readUtf8()), parseAny(request.getUtf8Body()));
            return json(200, merged);
        }
        return ClusterDispatcher.status(
                400, "BadRequest", "the embedded cluster does not support a dry run of " + type);
    }

    private static MockResponse json(int code, Object body) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(ClusterDispatcher.toJson(body));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String body) {
        Object o = parseAny(body);
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("the body must be an object");
        }
        return new LinkedHashMap<>((Map<String, Object>) o);
    }

    private static Object parseAny(String body) {
        try {
            return JSON.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        }
    }
}
