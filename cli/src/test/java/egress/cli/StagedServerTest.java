package egress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.Enforcer;
import egress.enforcer.config.EnforcerConfig;
import egress.enforcer.observe.AccessLog;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --staged-server}: the live files are enforced while a designer server's workspace is decided beside them,
 * so an edit in the designer shows on live traffic (as disagreements) before it is deployed.
 */
class StagedServerTest {
    private static final Path ROOT = Project.root();

    @TempDir
    Path dir;

    @Test
    void anEditInTheDesignerIsDecidedBesideTheLivePoliciesWithoutTakingEffect() throws Exception {
        ExternalTools.requireCommand("curl", "run-tests installs it (apt-get install curl)");
        Path samples = ROOT.resolve("samples");
        ServerMain.Options d = ServerMain.Options.defaults();
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ServerMain.Running server = ServerMain.start(new ServerMain.Options(
                        d.host(),
                        0,
                        null,
                        null,
                        0,
                        dir.resolve("kubeconfig"),
                        List.of(samples.resolve("curl.yaml"), samples.resolve("egress-httpbin-80.yaml"))));
                Upstreams up = Upstreams.start("127.0.0.1", 0, -1, -1);
                Enforcer enforcer = Enforcer.start(
                        EnforcerConfig.parse(List.of(
                                "-f",
                                samples.resolve("curl.yaml").toString(),
                                "-f",
                                samples.resolve("egress-httpbin-80.yaml").toString(),
                                "--staged-server",
                                server.api().url(),
                                "--staged-token-file",
                                Files.writeString(
                                                dir.resolve("token"),
                                                server.api().token())
                                        .toString(),
                                "--identity",
                                "curl/curl",
                                "--listen",
                                "127.0.0.1:0",
                                "--admin",
                                "off",
                                "--connect-to",
                                "httpbin.org:80:127.0.0.1:" + up.httpPort())),
                        new AccessLog(lines::add))) {
            String proxy = "127.0.0.1:" + enforcer.proxyPorts().get(0);
            assertThat(curl(proxy)).isEqualTo("200");
            Await.until("the access line", Duration.ofSeconds(60), () -> !lines.isEmpty());
            assertThat(lines.get(0)).contains("\"verdict\":\"allow\"").doesNotContain("staged");
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
            // still allowed (the live files are enforced), but now logged as newly refused by the staged workspace
            Await.until(
                    "the staged workspace refuses what the live files allow",
                    Duration.ofSeconds(60),
                    () -> curl(proxy).equals("200")
                            && lines.stream().anyMatch(l -> l.contains("\"staged\":{\"verdict\":\"deny\"")));
            assertThat(enforcer.metrics().render())
                    .contains("egress_staged_disagreements_total{staged_policy=\"\","
                            + "live_verdict=\"allow\",staged_verdict=\"deny\"}");
        }
    }

    private static String curl(String proxy) throws Exception {
        return Curl.status("-x", "http://" + proxy, "http://httpbin.org:80/get");
    }
}
