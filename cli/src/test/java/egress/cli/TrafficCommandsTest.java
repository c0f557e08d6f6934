package egress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.EmbeddedCluster;
import egress.fixtures.Project;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** egress learn, egress diff and simulate --requests as a user runs them, on the enforcer's access log. */
class TrafficCommandsTest {
    private static final Path ROOT = Project.root();

    @TempDir
    Path dir;

    @RegisterExtension
    final StandardStreams streams = new StandardStreams();

    private final ByteArrayOutputStream out = streams.out;
    private final ByteArrayOutputStream err = streams.err;

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String line(
            String protocol, String host, String ip, int port, String sni, String method, String path, String verdict) {
        return "{\"time\":\"2026-01-02T03:04:05Z\",\"source\":\"curl/curl\",\"protocol\":\"" + protocol + "\",\"host\":"
                + (host == null ? "null" : "\"" + host + "\"") + ",\"ip\":\"" + ip + "\",\"port\":" + port + ",\"sni\":"
                + (sni == null ? "null" : "\"" + sni + "\"") + ",\"method\":"
                + (method == null ? "null" : "\"" + method + "\"")
                + ",\"path\":" + (path == null ? "null" : "\"" + path + "\"") + ",\"verdict\":\"" + verdict + "\","
                + "\"signal\":null,\"policy\":null,\"rule\":null,\"reason\":null,\"snapshot\":1,\"bytes_up\":0,"
                + "\"bytes_down\":0,\"duration_ms\":0}\n";
    }

    private Path accessLog() throws Exception {
        Path log = dir.resolve("access.log.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(log))) {
            StringBuilder b = new StringBuilder();
            for (String p :
                    new String[] {"/api/v1/users", "/api/v1/orders", "/api/v1/items", "/api/v1/carts", "/get"}) {
                b.append(line("http", "httpbin.org", "10.0.0.1", 80, null, "GET", p, "allow"));
            }
            b.append(line("tls", "github.com", "140.82.1.1", 443, "github.com", null, null, "allow"));
            b.append(line("tcp-server-first", null, "10.1.2.3", 5432, null, null, null, "allow"));
            b.append(line("tcp", null, "10.9.9.9", 6379, null, null, null, "deny"));
            b.append("not json\n");
            o.write(b.toString().getBytes(StandardCharsets.UTF_8));
        }
        return log;
    }

    @Test
    void learnWritesManifestsThatPassValidateStrictAndTheirOwnTests() throws Exception {
        Path learned = dir.resolve("learned");
        assertThat(Main.run("learn", accessLog().toString(), "-o", learned.toString()))
                .as("one unreadable line")
                .isEqualTo(1);
        assertThat(out())
                .startsWith("learned 3 Egress policies from 8 requests (7 allowed, 1 refused when recorded),"
                        + " 1 unreadable lines into " + learned)
                .contains(
                        "refused when recorded (they stay refused unless marked):\n         1  curl/curl tcp 10.9.9.9:6379  (refused)\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("access.log.gz:9: not JSON: ");
        assertThat(Files.readString(learned.resolve("curl/curl-http-80-httpbin-org.yaml")))
                .contains("pathRegex: /api/v1/.*")
                .contains("pathRegex: /get");
        out.reset();
        assertThat(Main.run("validate", "--strict", learned.toString())).isZero();
        out.reset();
        assertThat(Main.run("test", learned.resolve("tests").toString())).isZero();
        assertThat(out()).endsWith("8 passed, 0 failed\n");
    }

    @Test
    void diffExitsZeroForTheSameDecisionsOneForChangesTwoForUnreadableInput() throws Exception {
        Path before = ROOT.resolve("samples/egress-httpbin-80-routes.yaml");
        Path renamed = dir.resolve("renamed.yaml");
        Files.writeString(
                renamed,
                Files.readString(before)
                        .replace("name: httpbin-80", "name: web")
                        .replace("egress-http-route", "routes"));
        assertThat(Main.run("diff", before.toString(), renamed.toString())).isZero();
        assertThat(out()).isEqualTo("no destination changes verdict\n");
        out.reset();

        Path widened = dir.resolve("widened.yaml");
        Files.writeString(widened, Files.readString(before).replace("pathRegex: /get", "pathRegex: /get.*"));
        assertThat(Main.run("diff", before.toString(), widened.toString())).isEqualTo(1);
        assertThat(out())
                .startsWith(
                        "curl/curl:\n  newly allowed  http httpbin.org:80  route GET /get.*"
                                + "  (deny by curl/httpbin-80 -> allow by curl/httpbin-80)\n      curl -s http://httpbin.org/getx\n");
        out.reset();
        assertThat(Main.run("diff", "--output", "json", before.toString(), widened.toString()))
                .isEqualTo(1);
        assertThat(out()).contains("\"witness\" : \"curl -s http://httpbin.org/getx\"");

        assertThat(Main.run("diff", before.toString(), dir.resolve("missing").toString()))
                .isEqualTo(2);
    }

    @Test
    void diffOverTrafficAndSimulateReadTheEnforcersLog() throws Exception {
        Path log = accessLog();
        Path policies = dir.resolve("p.yaml");
        Files.writeString(policies, """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: web, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [httpbin.org]
                  ports: [{number: 80, protocol: http}]
                """);
        Path none = dir.resolve("none.yaml");
        Files.writeString(none, "");
        assertThat(Main.run("diff", policies.toString(), none.toString(), "--requests", log.toString()))
                .isEqualTo(1);
        assertThat(out())
                .startsWith(
                        "impact over 8 requests: 5 newly refused, 0 newly allowed, 0 allowed by another"
                                + " policy, 3 unchanged\nnewly refused (by client, policy, host):\n           5  curl/curl  curl/web  httpbin.org:80\n");
        out.reset();
        assertThat(Main.run(
                        "simulate", "--resources", policies.toString(), "--requests", log.toString(), "--summary-only"))
                .as("an unreadable line")
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("replayed 8 requests: 5 allowed, 3 denied, 1 unreadable lines");
    }

    @Test
    void diffReadsASideFromTheCluster() throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start("127.0.0.1", 0, true)) {
            Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
            Path policy = ROOT.resolve("samples/egress-httpbin-80-routes.yaml");
            assertThat(Main.run(
                            "deploy",
                            "--kubeconfig",
                            kubeconfig.toString(),
                            ROOT.resolve("samples/curl.yaml").toString(),
                            policy.toString()))
                    .as(err.toString(StandardCharsets.UTF_8))
                    .isZero();
            out.reset();
            assertThat(Main.run("diff", "--kubeconfig", kubeconfig.toString(), "cluster", policy.toString()))
                    .isZero();
            assertThat(out()).isEqualTo("no destination changes verdict\n");
            out.reset();
            Path widened = dir.resolve("widened.yaml");
            Files.writeString(widened, Files.readString(policy).replace("pathRegex: /get", "pathRegex: /.*"));
            assertThat(Main.run(
                            "diff",
                            "--kubeconfig",
                            kubeconfig.toString(),
                            "cluster:egress-designer",
                            widened.toString()))
                    .isEqualTo(1);
            assertThat(out()).contains("newly allowed  http httpbin.org:80");
        }
        assertThat(Main.run("diff", "--kubeconfig", dir.resolve("nowhere").toString(), "cluster", "x.yaml"))
                .isEqualTo(2);
    }
}
