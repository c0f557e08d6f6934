package egress.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.server.api.ApiServer;
import egress.server.workspace.Workspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The web designer's files are served without the token; the API behind them still needs it. */
class PageServingTest {
    static EmbeddedCluster cluster;
    static ApiServer server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        server = ApiServer.start("127.0.0.1", 0, new Workspace(), ClusterConnection.embedded(cluster));
    }

    @AfterAll
    static void stop() {
        server.close();
        cluster.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageIsServedAtTheRootWithHeadersThatKeepOtherSitesOut() throws Exception {
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(r.body()).contains("<title>Egress Designer</title>");
        assertThat(r.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(
                        v -> assertThat(v).contains("frame-ancestors 'none'").contains("script-src 'self'"));
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @Test
    void webJarModulesAreServedAsJavaScript() throws Exception {
        HttpResponse<String> r = get("/webjars/cytoscape/3.33.1/dist/cytoscape.esm.min.mjs");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/javascript"));
        assertThat(get("/webjars/codemirror/5.65.21/lib/codemirror.js").statusCode())
                .isEqualTo(200);
    }

    @Test
    void theApiStillNeedsTheToken() throws Exception {
        assertThat(get("/api/workspace/resources").statusCode()).isEqualTo(401);
        assertThat(get("/api/workspace/resources?token=" + server.token()).statusCode())
                .isEqualTo(200);
        assertThat(server.pageUrl()).isEqualTo(server.url() + "/?token=" + server.token());
    }
}
