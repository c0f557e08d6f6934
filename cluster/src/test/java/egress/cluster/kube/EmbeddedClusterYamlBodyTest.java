package egress.cluster.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A YAML body sent to the embedded cluster meets the product's bounded manifest reader first. */
class EmbeddedClusterYamlBodyTest {
    static EmbeddedCluster cluster;

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static HttpResponse<String> post(String path, String yaml) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(cluster.url() + path))
                .header("Content-Type", "application/yaml")
                .header("Authorization", "Bearer " + cluster.token())
                .POST(HttpRequest.BodyPublishers.ofString(yaml))
                .build();
        return HttpClient.newBuilder()
                .sslContext(cluster.sslContext())
                .build()
                .send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAliasBombIsRefusedBeforeFabric8ParsesIt() {
        StringBuilder y =
                new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb, namespace: default}\n"
                        + "data:\n  a0: &a0 [x, y]\n");
        for (int i = 1; i <= 24; i++) {
            y.append("  a")
                    .append(i)
                    .append(": &a")
                    .append(i)
                    .append(" [*a")
                    .append(i - 1)
                    .append(", *a")
                    .append(i - 1)
                    .append("]\n");
        }
        // the timeout only guards against a hang (fabric8's own parser ran out of memory after 20 s)
        HttpResponse<String> r = assertTimeoutPreemptively(
                Duration.ofSeconds(20), () -> post("/api/v1/namespaces/default/configmaps", y.toString()));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("the request body:19:20: invalid YAML: aliases expand to more than 100000 nodes");
    }

    @Test
    void anOrdinaryYamlBodyIsStillCreated() throws Exception {
        HttpResponse<String> r = post(
                "/api/v1/namespaces/default/configmaps",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain, namespace: default}\ndata: {a: b}\n");
        assertThat(r.statusCode()).isBetween(200, 201);
    }
}
