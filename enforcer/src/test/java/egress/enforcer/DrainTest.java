package egress.enforcer;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.config.EnforcerConfig;
import egress.enforcer.observe.AccessLog;
import egress.enforcer.upstreams.Upstreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link Enforcer#drain}: what a client on a keep-alive connection sees while the enforcer stops. */
class DrainTest {
    private static final Pattern LENGTH = Pattern.compile("content-length: (\\d+)");

    @Test
    void aBusyKeepAliveConnectionIsToldToCloseSoTheDrainEndsBeforeTheGracePeriod() throws Exception {
        try (Upstreams upstreams = Upstreams.start("127.0.0.1", 0, -1, -1);
                Enforcer enforcer = Enforcer.start(
                        EnforcerConfig.parse(List.of(
                                "-f",
                                Path.of("..", "samples", "egress-httpbin-80.yaml")
                                        .toString(),
                                "--identity",
                                "curl/curl",
                                "--listen",
                                "127.0.0.1:0",
                                "--admin",
                                "127.0.0.1:0",
                                "--no-watch",
                                "--connect-to",
                                "httpbin.org:80:127.0.0.1:" + upstreams.httpPort())),
                        new AccessLog(line -> {}));
                Socket client = new Socket("127.0.0.1", enforcer.proxyPorts().get(0))) {
            client.setSoTimeout(30_000);
            int port = enforcer.proxyPorts().get(0);
            assertThat(exchange(client)).doesNotContain("connection: close");

            CompletableFuture<Long> drained = CompletableFuture.supplyAsync(() -> {
                try {
                    return enforcer.drain(Duration.ofSeconds(120));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Waits.until(30, "not ready", () -> !enforcer.ready());
            Waits.until(30, "the listener closed", () -> refuses(port));

            assertThat(exchange(client))
                    .as("the answer in flight is the last on this connection")
                    .startsWith("http/1.1 200")
                    .contains("connection: close");
            client.close(); // as a client does after Connection: close
            assertThat(drained.get(60, TimeUnit.SECONDS))
                    .as("no connection left to cut")
                    .isZero();
        }
    }

    /** One GET on the connection; returns the response head, lower case, after reading its body. */
    private static String exchange(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(
                "GET http://httpbin.org/get HTTP/1.1\r\nHost: httpbin.org\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        String head = Waits.readHead(in).toLowerCase(Locale.ROOT);
        Matcher m = LENGTH.matcher(head);
        assertThat(m.find()).as(head).isTrue();
        assertThat(in.readNBytes(Integer.parseInt(m.group(1)))).hasSize(Integer.parseInt(m.group(1)));
        return head;
    }

    private static boolean refuses(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException refused) {
            return true;
        }
    }
}
