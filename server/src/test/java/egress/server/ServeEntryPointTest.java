package egress.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain-Java entry point the cli's serve command calls (cluster's EntryPointsTest has cluster and deploy). */
class ServeEntryPointTest {
    @TempDir
    Path dir;

    @Test
    void serveStartsAnEmbeddedClusterWhenNoRealOneIsNamed() throws Exception {
        Path workspace = Files.writeString(dir.resolve("egress.yaml"), """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: httpbin-80, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [httpbin.org]
                  ports: [{number: 80, protocol: http}]
                """);
        ServerMain.Options o =
                new ServerMain.Options("127.0.0.1", 0, null, null, 0, dir.resolve("kc"), List.of(workspace));
        try (ServerMain.Running running = ServerMain.start(o)) {
            assertThat(running.cluster()).isNotNull();
            assertThat(Files.readString(dir.resolve("kc")))
                    .contains("server: " + running.cluster().url());
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(running.api().url() + "/api/workspace/resources"))
                                    .header(
                                            "Authorization",
                                            "Bearer " + running.api().token())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).contains("\"name\":\"httpbin-80\"");
        }
    }
}
