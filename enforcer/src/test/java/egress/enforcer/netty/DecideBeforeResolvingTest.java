package egress.enforcer.netty;

import static org.assertj.core.api.Assertions.assertThat;

import egress.fixtures.Curl;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Names are resolved after the decision, and only when it allows them: a refused name is never looked up, and
 * a slow name holds up no one else. The resolver here answers {@code fast.test} at once and keeps every
 * {@code slow*} name waiting until the test lets go, as a DNS server that times out would.
 */
class DecideBeforeResolvingTest {

    @Test
    void refusedNamesAreNeverResolvedAndSlowNamesDelayNoOtherClient() throws Exception {
        Set<String> looked = ConcurrentHashMap.newKeySet();
        CountDownLatch slowEntered = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        DestinationResolver resolver = DestinationResolver.withLookup(name -> {
            looked.add(name);
            if (name.startsWith("slow")) {
                slowEntered.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new UnknownHostException(name + ": timed out");
            }
            if (name.equals("fast.test")) {
                return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
            }
            throw new UnknownHostException(name);
        });
        try (ProxyFixture f =
                new ProxyFixture(Duration.ofSeconds(2), Duration.ofSeconds(5), c -> c.withResolver(resolver))) {
            int port = f.upstreams.httpPort();
            f.apply("""
                    kind: Egress
                    apiVersion: policy.openservicemesh.io/v1alpha1
                    metadata: {name: some-hosts, namespace: curl}
                    spec:
                      sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                      hosts: [fast.test, slow1.test, slow2.test, slow3.test]
                      ports: [{number: %d, protocol: http}]
                    """.formatted(port));
            List<Process> slow = new ArrayList<>();
            for (String name : List.of("slow1.test", "slow2.test", "slow3.test")) {
                slow.add(new ProcessBuilder(
                                "/usr/bin/curl",
                                "-s",
                                "-o",
                                "/dev/null",
                                "-w",
                                "%{http_code}",
                                "--max-time",
                                "60",
                                "-x",
                                f.proxyUrl(),
                                "http://" + name + ":" + port + "/get")
                        .start());
            }
            assertThat(slowEntered.await(30, TimeUnit.SECONDS))
                    .as("three slow lookups under way")
                    .isTrue();

            // while three names hang in DNS, other clients are answered: an allowed name resolves and is fetched,
            // refused names (kept-alive, one client asking for several) are answered without any lookup
            assertThat(Curl.run(
                                    "-s",
                                    "-o",
                                    "/dev/null",
                                    "-w",
                                    "%{http_code}",
                                    "-x",
                                    f.proxyUrl(),
                                    "http://fast.test:" + port + "/get")
                            .out())
                    .isEqualTo("200");
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                refused.addAll(List.of(
                        "-x",
                        f.proxyUrl(),
                        "http://unknown-" + i + ".test:" + port + "/get",
                        "-s",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code} ",
                        "--next"));
            }
            refused.remove(refused.size() - 1);
            assertThat(Curl.run(refused.toArray(String[]::new)).out()).isEqualTo("404 404 404 404 ");
            assertThat(slow).allMatch(Process::isAlive);

            release.countDown();
            for (Process p : slow) {
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .isEqualTo("503");
            }
            assertThat(looked).containsExactlyInAnyOrder("slow1.test", "slow2.test", "slow3.test", "fast.test");
        }
    }
}
