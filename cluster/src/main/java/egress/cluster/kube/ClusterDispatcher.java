package egress.cluster.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.policy.yaml.MergePatch;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a real API server's face on the fabric8 CRUD dispatcher: it serves the discovery documents, and it
 * applies JSON merge patches (RFC 7386) and server-side apply itself, then stores the result with a PUT.
 *
 * <p>The CRUD dispatcher of fabric8 8.0.0 merges lists by appending (re-applying {@code hosts: [a]} over
 * {@code [b]} gives {@code [b, a]}), answers server-side apply of a missing object with 404, and merges an
 * existing one with the same list-append rule. Everything else (GET, LIST, POST, PUT, DELETE, JSON patch,
 * WebSocket watches) goes to the CRUD dispatcher unchanged.
 */
final class ClusterDispatcher extends Dispatcher {
    private static final Logger logger = LoggerFactory.getLogger(ClusterDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesCrudDispatcher crud;
    private final DiscoveryDocuments discovery;
    private final ServerSideApply apply;
    private final DryRun dryRun;

    ClusterDispatcher(KubernetesCrudDispatcher crud, String serverAddress) {
        this.crud = crud;
        this.discovery = new DiscoveryDocuments(serverAddress);
        this.apply = new ServerSideApply();
        this.dryRun = new DryRun(crud, apply);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = pathOnly(request.getPath());
        String method = request.getMethod();
        if ("GET".equals(method)) {
            Object doc = discovery.forPath(path);
            if (doc != null) {
                return json(200, doc);
            }
        }
        if (!"GET".equals(method) && ServerSideApply.queryParam(request.getPath(), "dryRun") != null) {
            // the CRUD dispatcher ignores dryRun and would write
            return dryRun.answer(request);
        }
        if ("PATCH".equals(method)) {
            String type = String.valueOf(request.getHeader("Content-Type"));
            if (type.contains("merge-patch+json")) {
                return mergePatch(path, request.getUtf8Body());
            }
            if (type.contains("apply-patch")) {
                return serverSideApply(request.getPath(), path, request.getUtf8Body());
            }
        }
        if ("POST".equals(method) || "PUT".equals(method)) {
            // getBytes() leaves the body for the CRUD dispatcher (getUtf8Body() would consume it)
            String refused = unboundedYaml(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
            if (refused != null) {
                return status(400, "BadRequest", refused);
            }
        }
        return crud.dispatch(request);
    }

    /**
     * The CRUD dispatcher reads a body that is not JSON as YAML with fabric8's own parser, which expands
     * aliases without a bound (a 636-byte alias bomb ran it out of memory): such a body must first pass the
     * product's bounded reader. Returns why it does not, or null.
     */
    private static String unboundedYaml(String body) {
        String t = body == null ? "" : body.stripLeading();
        if (t.isEmpty() || t.startsWith("{") || t.startsWith("[")) {
            return null;
        }
        try {
            ManifestReader.read("the request body", body);
            return null;
        } catch (ManifestException e) {
            return e.getMessage();
        }
    }

    /**
     * RFC 7386, also for {@code strategic-merge-patch+json}: strategic merge is the same except for lists of
     * named items, which the kinds kubectl patches here with it (Namespace) do not use.
     */
    private synchronized MockResponse mergePatch(String path, String body) {
        MockResponse current = crud.handleGet(path);
        if (current.code() != 200) {
            return current;
        }
        try {
            Map<String, Object> live = parse(current.getBody().readUtf8());
            Object patch = JSON.readValue(body, Object.class);
            Object merged = MergePatch.apply(live, patch);
            return put(path, merged);
        } catch (JsonProcessingException e) {
            return status(400, "BadRequest", "the merge patch is not JSON: " + e.getOriginalMessage());
        }
    }

    private synchronized MockResponse serverSideApply(String fullPath, String path, String body) {
        Map<String, Object> applied;
        try {
            applied = ServerSideApply.parse(body);
        } catch (IllegalArgumentException e) {
            return status(400, "BadRequest", e.getMessage());
        }
        String manager = ServerSideApply.queryParam(fullPath, "fieldManager");
        if (manager == null) {
            return status(400, "BadRequest", "PATCH with apply-patch requires a fieldManager");
        }
        MockResponse current = crud.handleGet(path);
        if (current.code() == 404) {
            Map<String, Object> created = apply.create(applied, manager);
            String collection = path.substring(0, path.lastIndexOf('/'));
            MockResponse r = crud.handleCreate(request(HttpMethod.POST, collection, created));
            logger.debug("server-side apply created {} ({})", path, r.code());
            return r;
        }
        if (current.code() != 200) {
            return current;
        }
        return put(path, apply.merge(parse(current.getBody().readUtf8()), applied, manager));
    }

    private MockResponse put(String path, Object object) {
        return crud.handleUpdate(request(HttpMethod.PUT, path, object));
    }

    private static RecordedRequest request(HttpMethod method, String path, Object object) {
        Headers headers =
                Headers.builder().add("Content-Type", "application/json").build();
        return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer().writeUtf8(toJson(object)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the mock stored an object that is not JSON", e);
        }
    }

    static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MockResponse json(int code, Object body) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(toJson(body));
    }

    static MockResponse status(int code, String reason, String message) {
        return json(
                code,
                Map.of(
                        "kind",
                        "Status",
                        "apiVersion",
                        "v1",
                        "status",
                        "Failure",
                        "message",
                        message,
                        "reason",
                        reason,
                        "code",
                        code));
    }

    static String pathOnly(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }
}
