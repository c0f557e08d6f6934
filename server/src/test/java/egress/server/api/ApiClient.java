package egress.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** java.net.http against a running ApiServer, with the token unless told otherwise. */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ApiServer server;

    record Reply(int status, String body, HttpResponse<String> raw) {
        @SuppressWarnings("unchecked")
        Map<String, Object> json() throws IOException {
            return JSON.readValue(body, Map.class);
        }
    }

    ApiClient(ApiServer server) {
        this.server = server;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Authorization", "Bearer " + server.token());
    }

    Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r);
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    Reply post(String path, String body) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply put(String path, String body) throws IOException, InterruptedException {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    static String json(Object o) throws IOException {
        return JSON.writeValueAsString(o);
    }

    HttpClient http() {
        return http;
    }
}
