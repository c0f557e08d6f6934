package egress.cluster.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches over HTTP streaming, as a real API server serves them to kubectl and client-go: a {@code GET} with
 * {@code watch=true} (or {@code 1}) and no WebSocket upgrade is answered {@code 200} with a chunked
 * {@code application/json} body, one {@code {"type":"ADDED|MODIFIED|DELETED","object":{...}}} line per event,
 * for as long as the client stays (or {@code timeoutSeconds}).
 *
 * <p>The events are the mock's own: the request goes through the same dispatchers as every other (discovery,
 * any wrapper), the CRUD dispatcher answers a watch with a WebSocket listener, and that listener is opened on a
 * {@link WebSocket} whose messages become lines of the stream instead of frames. resourceVersion: with none or
 * {@code 0} the stream starts with an {@code ADDED} for every object (as the API server does); with a version
 * from a list ({@code kubectl get -w} lists, then watches from the list's version) the {@code ADDED} events of
 * objects at or below it are left out, so nothing is printed twice.
 */
final class WatchStream {
    private static final Logger logger = LoggerFactory.getLogger(WatchStream.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Vertx vertx;
    private final Dispatcher dispatcher;

    WatchStream(Vertx vertx, Dispatcher dispatcher) {
        this.vertx = vertx;
        this.dispatcher = dispatcher;
    }

    static boolean isStreamingWatch(HttpServerRequest req) {
        String watch = req.getParam("watch");
        return req.method() == io.vertx.core.http.HttpMethod.GET
                && ("true".equals(watch) || "1".equals(watch))
                && !"websocket".equalsIgnoreCase(req.getHeader("Upgrade"));
    }

    void serve(HttpServerRequest req) {
        Headers.Builder headers = Headers.builder();
        req.headers().forEach(h -> headers.add(h.getKey(), h.getValue()));
        // the CRUD dispatcher recognises watch=true only
        String uri = req.uri().replaceFirst("([?&])watch=1(&|$)", "$1watch=true$2");
        RecordedRequest recorded = new RecordedRequest("HTTP/1.1", HttpMethod.GET, uri, headers.build(), new Buffer());
        MockResponse answer = dispatcher.dispatch(recorded);
        HttpServerResponse out = req.response();
        WebSocketListener listener = answer.getWebSocketListener();
        if (listener == null) { // refused (not found, unauthorised, ...): the answer as it is
            out.setStatusCode(answer.code());
            answer.getHeaders().toMultimap().forEach((name, values) -> out.putHeader(name, values));
            out.end(io.vertx.core.buffer.Buffer.buffer(
                    answer.getBody() == null ? new byte[0] : answer.getBody().getBytes()));
            return;
        }
        long since = resourceVersion(req.getParam("resourceVersion"));
        out.setStatusCode(200)
                .setChunked(true)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache, private");
        out.writeHead();
        Lines lines = new Lines(recorded, out, since, listener);
        out.closeHandler(v -> lines.finish("the client went away"));
        out.exceptionHandler(e -> lines.finish("the connection failed: " + e));
        String timeout = req.getParam("timeoutSeconds");
        if (timeout != null && timeout.matches("\\d{1,9}") && Long.parseLong(timeout) > 0) {
            vertx.setTimer(Long.parseLong(timeout) * 1000, id -> lines.finish("timeoutSeconds reached"));
        }
        listener.onOpen(lines, answer);
        logger.debug("streaming watch {} from resourceVersion {}", uri, since);
    }

    /** A resourceVersion to start after: -1 for none or "0" (every object is sent). */
    private static long resourceVersion(String text) {
        if (text == null || !text.matches("\\d{1,18}")) {
            return -1;
        }
        long v = Long.parseLong(text);
        return v == 0 ? -1 : v;
    }

    /** The mock's WebSocket as seen by its watch listener: each message is a line of the response. */
    private static final class Lines implements WebSocket {
        private final RecordedRequest request;
        private final HttpServerResponse out;
        private final long since;
        private final WebSocketListener listener;
        private final AtomicBoolean closed = new AtomicBoolean();

        Lines(RecordedRequest request, HttpServerResponse out, long since, WebSocketListener listener) {
            this.request = request;
            this.out = out;
            this.since = since;
            this.listener = listener;
        }

        @Override
        public RecordedRequest request() {
            return request;
        }

        @Override
        public boolean send(String text) {
            if (closed.get()) {
                return false;
            }
            String line = line(text, since);
            if (line != null) {
                out.write(line);
            }
            return true;
        }

        @Override
        public boolean send(byte[] bytes) {
            return send(new String(bytes, StandardCharsets.UTF_8));
        }

        /** The listener ends the watch: the response ends. */
        @Override
        public boolean close(int code, String reason) {
            if (closed.compareAndSet(false, true)) {
                out.end();
            }
            return true;
        }

        /** The client left or the timeout came: the response ends and the listener stops (it leaves the mock's set). */
        void finish(String reason) {
            if (closed.compareAndSet(false, true)) {
                if (!out.closed() && !out.ended()) {
                    out.end();
                }
                listener.onClosing(this, 1000, reason);
                listener.onClosed(this, 1000, reason);
            }
        }

        /**
         * The event as the API server writes it ({@code type} first, one line), or null for an {@code ADDED} of an
         * object at or below {@code since}, which the client already has from its list.
         */
        private static String line(String event, long since) {
            JsonNode e;
            try {
                e = JSON.readTree(event);
            } catch (IOException notJson) {
                return event.endsWith("\n") ? event : event + "\n";
            }
            String type = e.path("type").asText();
            JsonNode object = e.path("object");
            String v = object.path("metadata").path("resourceVersion").asText("");
            if (since >= 0 && "ADDED".equals(type) && v.matches("\\d{1,18}") && Long.parseLong(v) <= since) {
                return null;
            }
            ObjectNode out = JSON.createObjectNode();
            out.put("type", type);
            out.set("object", object);
            return out + "\n";
        }
    }
}
