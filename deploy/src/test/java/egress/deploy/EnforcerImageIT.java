package egress.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.EmbeddedCluster;
import egress.enforcer.upstreams.Upstreams;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enforcer's image, built by {@code deploy/build-image} and run with podman as a cluster would run it:
 * non-root, read-only root file system, host networking, following the embedded cluster through a kubeconfig
 * mounted read-only. The built-in upstreams on loopback stand in for httpbin.org; {@code --connect-to} maps
 * the guide's host to them. It checks that {@code /ready} stays 503 until the cluster's policies load, that
 * curl through the container is allowed and refused as the policies say (and follows a policy change), and
 * that {@code podman stop} ends the container cleanly with nothing left behind.
 *
 * <p>Podman's settings are the ones this machine needs (shared/deps.md, "Containers on this machine"): runc,
 * cgroupfs, explicit ulimits.
 */
class EnforcerImageIT {
    private static final Path ROOT = Tools.root();
    private static final String VERSION = System.getProperty("image.version", "0.1.0-SNAPSHOT");
    private static final Duration STARTUP = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private final String name = "egress-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private Path podman;
    private Path curl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void removeContainer() throws Exception {
        if (podman != null) {
            Proc.run(60, podman("rm", "-f", "-t", "0", name));
        }
    }

    @Test
    void theImageEnforcesTheClustersPoliciesAsANonRootReadOnlyContainer() throws Exception {
        List<Path> tools = Tools.require("podman", "buildah", "runc", "debootstrap", "curl", "kubectl");
        Tools.requireRoot();
        podman = tools.get(0);
        curl = tools.get(4);
        Path kubectl = tools.get(5);

        // 1. the image, exactly as a user builds it (the jars are the ones `mvn package` just laid out)
        Proc.Result built = Proc.run(
                        900,
                        List.of(
                                ROOT.resolve("deploy/build-image").toString(),
                                "--jars",
                                System.getProperty(
                                        "image.jars",
                                        ROOT.resolve("deploy/target/image").toString())))
                .ok();
        System.err.print(built.stderr());
        String image = "egress-designer/enforcer:" + VERSION;
        assertThat(built.stdout().strip()).endsWith(image);
        Path archive = ROOT.resolve("deploy/target/egress-enforcer-" + VERSION + ".oci.tar");
        assertThat(Proc.run(60, List.of("tar", "-tf", archive.toString()))
                        .ok()
                        .stdout()
                        .lines())
                .contains("oci-layout", "index.json");
        assertThat(Proc.run(60, podman("image", "inspect", "--format", "{{.Config.User}}", image))
                        .ok()
                        .stdout()
                        .strip())
                .isEqualTo("65532:65532");

        // 2. the outside world, and the cluster's address (the cluster itself starts later)
        try (Upstreams upstreams = Upstreams.start("127.0.0.1", 0, 0, -1)) {
            int clusterPort = freePort();
            int proxyPort = freePort();
            int adminPort = freePort();
            Path kubeconfig = tmp.resolve("kubeconfig");
            EmbeddedCluster.Credentials credentials = EmbeddedCluster.Credentials.create("127.0.0.1");
            writeKubeconfig(kubeconfig, credentials, clusterPort);

            // 3. the container, before its cluster answers: it must start, serve /live, and stay not ready
            List<String> run = podman(
                    "run",
                    "-d",
                    "--name",
                    name,
                    "--network",
                    "host",
                    "--read-only",
                    "--user",
                    "65532:65532",
                    "--ulimit",
                    "nofile=4096:4096",
                    "--ulimit",
                    "nproc=4096:4096",
                    "--cap-drop",
                    "ALL",
                    "--security-opt",
                    "no-new-privileges",
                    "-v",
                    kubeconfig + ":/etc/egress/kubeconfig:ro",
                    image,
                    "--kubeconfig",
                    "/etc/egress/kubeconfig",
                    "--identity",
                    "curl/curl",
                    "--listen",
                    "127.0.0.1:" + proxyPort,
                    "--admin",
                    "127.0.0.1:" + adminPort,
                    "--connect-to",
                    "httpbin.org:80:127.0.0.1:" + upstreams.httpPort(),
                    "--connect-to",
                    "httpbin.org:443:127.0.0.1:" + upstreams.httpsPort());
            Proc.run(120, run).ok();
            String admin = "http://127.0.0.1:" + adminPort;
            await("the admin port answers /live", () -> status(admin + "/live") == 200);
            assertThat(status(admin + "/ready"))
                    .as("/ready before the cluster is reachable")
                    .isEqualTo(503);
            Curl early = curl(proxyPort, "http://httpbin.org:80/get");
            assertThat(early.status())
                    .as("nothing is let through before the policies load: %s", early)
                    .isNotEqualTo(200);

            // inside: the user the image runs as, and a root file system it cannot write
            assertThat(Proc.run(60, podman("exec", name, "/usr/bin/id", "-u"))
                            .ok()
                            .stdout()
                            .strip())
                    .isEqualTo("65532");
            Proc.Result write = Proc.run(60, podman("exec", name, "/usr/bin/touch", "/opt/egress/x"));
            assertThat(write.exitCode()).isNotZero();
            assertThat(write.output()).contains("Read-only file system");

            try (EmbeddedCluster cluster = EmbeddedCluster.start("127.0.0.1", clusterPort, true, credentials)) {
                // 4. the cluster comes up with the guide's client and its route-limited http policy
                List<String> k = List.of(
                        kubectl.toString(),
                        "--kubeconfig",
                        kubeconfig.toString(),
                        "--cache-dir",
                        tmp.resolve("kube-cache").toString());
                Proc.run(
                                120,
                                concat(
                                        k,
                                        "apply",
                                        "-f",
                                        ROOT.resolve("samples/curl.yaml").toString(),
                                        "-f",
                                        ROOT.resolve("samples/egress-httpbin-80-routes.yaml")
                                                .toString()))
                        .ok();
                await("/ready turns 200 once the cluster's policies are loaded", () -> status(admin + "/ready") == 200);
                await(
                        "GET /get is allowed by the route group",
                        () -> curl(proxyPort, "http://httpbin.org:80/get").status() == 200);

                Curl get = curl(proxyPort, "http://httpbin.org:80/get");
                assertThat(get.status()).as("%s", get).isEqualTo(200);
                assertThat(get.body()).contains("\"url\"");
                Curl status = curl(proxyPort, "http://httpbin.org:80/status/200");
                assertThat(status.status())
                        .as("a path outside the route group: %s", status)
                        .isEqualTo(404);
                assertThat(status.headers()).containsIgnoringCase("x-egress-decision: deny");
                Curl other = curl(proxyPort, "http://example.com:80/");
                // port 80 is an http port for curl/curl now, so an unlisted host meets Envoy's "no route": 404
                assertThat(other.status())
                        .as("a host no Egress lists: %s", other)
                        .isEqualTo(404);
                assertThat(other.headers()).containsIgnoringCase("x-egress-decision: deny; policy=none");
                Curl tls = curl(proxyPort, "https://httpbin.org:443/get", "-k");
                // no Egress for port 443: CONNECT is accepted, then closed once the ClientHello is read (curl 35)
                assertThat(tls.exitCode()).as("https is not allowed: %s", tls).isEqualTo(35);

                // 5. a policy change in the cluster reaches the running container: the route limit goes away
                Proc.run(
                                120,
                                concat(
                                        k,
                                        "apply",
                                        "-f",
                                        ROOT.resolve("samples/egress-httpbin-80.yaml")
                                                .toString()))
                        .ok();
                await(
                        "/status/200 is allowed once the Egress has no route match",
                        () -> curl(proxyPort, "http://httpbin.org:80/status/200")
                                        .status()
                                == 200);

                String metrics = get(admin + "/metrics");
                assertThat(metrics).contains("egress_");
            }

            // 6. podman stop sends SIGTERM: the JVM ends (0, or 143 = killed by the signal it handles) in time
            long stopStart = System.nanoTime();
            Proc.Result stop = Proc.run(120, podman("stop", "-t", "30", name)).ok();
            long stopMillis = (System.nanoTime() - stopStart) / 1_000_000;
            assertThat(stop.stdout().strip()).isEqualTo(name);
            String exit = Proc.run(60, podman("inspect", "--format", "{{.State.ExitCode}} {{.State.OOMKilled}}", name))
                    .ok()
                    .stdout()
                    .strip();
            String logs = Proc.run(60, podman("logs", name)).output();
            assertThat(exit).as("exit code after podman stop; logs:\n%s", logs).isIn("0 false", "143 false");
            System.err.println("EnforcerImageIT: podman stop took " + stopMillis + " ms, exit code and OOM: " + exit);
            Proc.run(60, podman("rm", name)).ok();
            assertThat(Proc.run(60, podman("ps", "-a", "--filter", "name=^" + name + "$", "--format", "{{.Names}}"))
                            .ok()
                            .stdout()
                            .strip())
                    .as("no container left behind")
                    .isEmpty();
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------

    /** podman with the settings this machine needs: runc, cgroupfs (crun fails on hybrid cgroups here). */
    private List<String> podman(String... args) {
        List<String> out = new ArrayList<>(List.of(
                podman.toString(), "--runtime", "runc", "--cgroup-manager", "cgroupfs", "--events-backend", "file"));
        out.addAll(List.of(args));
        return out;
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }

    /**
     * The kubeconfig {@code egress cluster} writes, for 127.0.0.1:port (written before the cluster starts there),
     * made readable for the container's non-root user.
     */
    private static void writeKubeconfig(Path file, EmbeddedCluster.Credentials credentials, int port)
            throws IOException {
        credentials.writeKubeconfig(file, "127.0.0.1", port);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private int status(String url) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String get(String url) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    record Curl(int exitCode, int status, String headers, String body, String stderr) {}

    /** The real curl through the container's proxy listener, as a client pod would send it. */
    private Curl curl(int proxyPort, String url, String... extra) {
        try {
            Path headers = Files.createTempFile(tmp, "headers", ".txt");
            List<String> command = new ArrayList<>(List.of(
                    curl.toString(),
                    "-sS",
                    "--max-time",
                    "20",
                    "-x",
                    "http://127.0.0.1:" + proxyPort,
                    "-D",
                    headers.toString()));
            command.addAll(List.of(extra));
            command.add(url);
            Proc.Result r = Proc.run(60, command);
            String head = Files.readString(headers);
            int status = head.startsWith("HTTP/")
                    ? Integer.parseInt(lastStatusLine(head).split(" ")[1])
                    : -1;
            return new Curl(r.exitCode(), status, head, r.stdout(), r.stderr());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** After a CONNECT, curl writes the proxy's "200 Connection established" first: the last status line counts. */
    private static String lastStatusLine(String head) {
        return head.lines()
                .filter(l -> l.startsWith("HTTP/"))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    /** Polls observable state until it holds (generous timeout); fails with the container's log otherwise. */
    private void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Proc.Result state = Proc.run(60, podman("inspect", "--format", "{{.State.Status}}", name));
            if (!state.stdout().strip().equals("running")) {
                throw new AssertionError(
                        what + ": the container is " + state.output().strip() + "; logs:\n"
                                + Proc.run(60, podman("logs", name)).output());
            }
            TimeUnit.MILLISECONDS.sleep(250); // poll interval, not a synchronisation
        }
        throw new AssertionError(what + ": not within " + STARTUP.toSeconds() + " s; logs:\n"
                + Proc.run(60, podman("logs", name)).output());
    }
}
