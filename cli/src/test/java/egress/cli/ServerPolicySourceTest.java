package egress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.Enforcer;
import egress.enforcer.config.EnforcerConfig;
import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.Await;
import egress.fixtures.Curl;
import egress.fixtures.ExternalTools;
import egress.fixtures.Project;
import egress.server.ServerMain;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enforcer following a designer server's workspace: an edit in the designer reaches live traffic. */
class ServerPolicySourceTest {
    private static final Path ROOT = Project.root();

    @TempDir
    Path dir;

    @Test
    void aPolicyDeletedInTheDesignerIsRefusedByTheEnforcer() throws Exception {
        ExternalTools.requireCommand("curl", "run-tests installs it (apt-get install curl)");
        Path samples = ROOT.resolve("samples");
        ServerMain.Options d = ServerMain.Options.defaults();
        try (ServerMain.Running server = ServerMain.start(new ServerMain.Options(
                        d.host(),
                        0,
                        null,
                        null,
                        0,
                        dir.resolve("kubeconfig"),
                        List.of(samples.resolve("curl.yaml"), samples.resolve("egress-httpbin-80.yaml"))));
                Upstreams up = Upstreams.start("127.0.0.1", 0, -1, -1);
                Enforcer enforcer = Enforcer.start(EnforcerConfig.parse(List.of(
                        "--server",
                        server.api().url(),
                        "--token-file",
                        Files.writeString(dir.resolve("token"), server.api().token())
                                .toString(),
                        "--identity",
                        "curl/curl",
                        "--listen",
                        "127.0.0.1:0",
                        "--admin",
                        "off",
                        "--connect-to",
                        "httpbin.org:80:127.0.0.1:" + up.httpPort())))) {
            String proxy = "127.0.0.1:" + enforcer.proxyPorts().get(0);
            assertThat(curl(proxy)).startsWith("HTTP/1.1 200 OK");
            HttpResponse<String> deleted = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            server.api().url() + "/api/workspace/resources/Egress/curl/httpbin-80"))
                                    .header(
                                            "Authorization",
                                            "Bearer " + server.api().token())
                                    .DELETE()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(deleted.statusCode()).isEqualTo(204);
            Await.until(
                    "the enforcer follows the deletion (curl exit 52)",
                    Duration.ofSeconds(60),
                    () -> curl(proxy).equals("exit 52"));
        }
    }

    private static String curl(String proxy) throws Exception {
        Curl.Result r = Curl.run("-sI", "-x", "http://" + proxy, "http://httpbin.org:80/get");
        return r.exit() == 0 ? r.out() : "exit " + r.exit();
    }
}
