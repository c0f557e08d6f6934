package egress.enforcer;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.config.EnforcerConfig;
import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.Curl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enforcer never proxies to its own listeners, and reaches loopback, link-local and metadata addresses only
 * when a policy names them or {@code --connect-to} maps a name to them; global egress does not name them.
 */
class OwnAddressesTest {
    private static final String GLOBAL_EGRESS = """
            apiVersion: config.openservicemesh.io/v1alpha2
            kind: MeshConfig
            metadata: {name: osm-mesh-config, namespace: osm-system}
            spec:
              featureFlags: {enableEgressPolicy: true}
              traffic: {enableEgress: true}
            """;

    @TempDir
    Path dir;

    private static String status(String proxy, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("-x", proxy));
        args.addAll(List.of(more));
        return Curl.status(args.toArray(String[]::new));
    }

    @Test
    void globalEgressDoesNotReachTheEnforcerItselfNorUnnamedSpecialAddresses() throws Exception {
        Files.writeString(dir.resolve("mesh.yaml"), GLOBAL_EGRESS);
        try (Upstreams up = Upstreams.start("127.0.0.1", 0, -1, -1);
                Enforcer e = Enforcer.start(EnforcerConfig.parse(List.of(
                        "-f",
                        dir.toString(),
                        "--identity",
                        "curl/curl",
                        "--listen",
                        "127.0.0.1:0",
                        "--admin",
                        "0.0.0.0:0",
                        "--connect-to",
                        "httpbin.org:80:127.0.0.1:" + up.httpPort())))) {
            String proxy = "http://127.0.0.1:" + e.proxyPorts().get(0);
            int admin = e.adminPort();
            assertThat(status(proxy, "http://127.0.0.1:" + admin + "/metrics")).isEqualTo("403");
            assertThat(status(proxy, "http://localhost:" + admin + "/metrics")).isEqualTo("403");
            assertThat(status(proxy, "http://127.0.0.1:" + e.proxyPorts().get(0) + "/"))
                    .isEqualTo("403");
            assertThat(status(proxy, "http://127.0.0.1:" + up.httpPort() + "/get"))
                    .isEqualTo("403");
            assertThat(status(proxy, "http://169.254.169.254/latest/meta-data/"))
                    .isEqualTo("403");
            assertThat(status(proxy, "http://metadata.google.internal/computeMetadata/v1/"))
                    .isEqualTo("403");
            Curl.Result tunnel = Curl.run("-s", "-p", "-x", proxy, "http://127.0.0.1:" + admin + "/metrics");
            assertThat(tunnel.out()).doesNotContain("egress_decisions_total");
            // the operator's --connect-to mapping is explicit: the walkthrough's way to reach local upstreams
            assertThat(status(proxy, "http://httpbin.org/get")).isEqualTo("200");
        }
    }

    @Test
    void aPolicyThatNamesALoopbackAddressOrHostReachesIt() throws Exception {
        try (Upstreams up = Upstreams.start("127.0.0.1", 0, -1, -1)) {
            int port = up.httpPort();
            Files.writeString(dir.resolve("egress.yaml"), """
                    kind: Egress
                    apiVersion: policy.openservicemesh.io/v1alpha1
                    metadata: {name: loopback-range, namespace: curl}
                    spec:
                      sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                      ipAddresses: [127.0.0.1/32]
                      ports: [{number: %1$d, protocol: tcp}]
                    ---
                    kind: Egress
                    apiVersion: policy.openservicemesh.io/v1alpha1
                    metadata: {name: localhost-host, namespace: curl}
                    spec:
                      sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                      hosts: [localhost]
                      ports: [{number: 80, protocol: http}]
                    """.formatted(port));
            try (Enforcer e = Enforcer.start(EnforcerConfig.parse(List.of(
                    "-f",
                    dir.toString(),
                    "--identity",
                    "curl/curl",
                    "--listen",
                    "127.0.0.1:0",
                    "--admin",
                    "off",
                    "--connect-to",
                    "localhost:80:localhost:" + port)))) {
                String proxy = "http://127.0.0.1:" + e.proxyPorts().get(0);
                assertThat(Curl.run(
                                        "-s",
                                        "-o",
                                        "/dev/null",
                                        "-w",
                                        "%{http_code}",
                                        "-p",
                                        "-x",
                                        proxy,
                                        "http://127.0.0.1:" + port + "/get")
                                .out())
                        .isEqualTo("200");
                assertThat(status(proxy, "http://localhost/get")).isEqualTo("200");
            }
        }
    }
}
