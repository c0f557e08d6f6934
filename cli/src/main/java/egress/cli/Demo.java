package egress.cli;

import egress.enforcer.Enforcer;
import egress.enforcer.config.EnforcerConfig;
import egress.enforcer.observe.AccessLog;
import egress.enforcer.upstreams.Upstreams;
import egress.server.ServerMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the guide needs, on this machine: the embedded cluster with the web designer and its API, the
 * guide's manifests in the workspace, the curl pod's namespace and service account in the cluster, built-in
 * upstreams standing in for httpbin.org and openservicemesh.io, and an enforcer for {@code curl/curl} that
 * follows the cluster and listens only while the pod has outbound configuration, as its sidecar would. The
 * enforcer's access log goes to {@code demo-access.log} beside the kubeconfig, and the designer follows the
 * enforcer's recent decisions (its admin port's {@code /decisions}), so its Traffic view shows the guide's curl
 * requests as they are made.
 */
final class Demo implements AutoCloseable {
    /** Where things listen; the enforcer's port must be fixed (it closes and reopens as a sidecar's does). */
    record Ports(int designer, int cluster, int proxy, int admin, int http, int https, int tcp) {
        static Ports defaults() {
            return new Ports(ServerMain.DEFAULT_PORT, 18080, 15001, 15000, 18081, 18443, 19000);
        }
    }

    final Path samples;
    final Path kubeconfig;
    final ServerMain.Running server;
    final Upstreams upstreams;
    final Enforcer enforcer;
    final Ports ports;
    /** Where the enforcer writes its access log (the lines egress learn and egress diff --requests read). */
    final Path accessLogFile;

    private final AccessLog accessLog;
    private final OutputStream accessLogOut;

    private Demo(
            Path samples,
            Path kubeconfig,
            ServerMain.Running server,
            Upstreams upstreams,
            Enforcer enforcer,
            Ports ports,
            Path accessLogFile,
            AccessLog accessLog,
            OutputStream accessLogOut) {
        this.samples = samples;
        this.kubeconfig = kubeconfig;
        this.server = server;
        this.upstreams = upstreams;
        this.enforcer = enforcer;
        this.ports = ports;
        this.accessLogFile = accessLogFile;
        this.accessLog = accessLog;
        this.accessLogOut = accessLogOut;
    }

    static Demo start(Path samples, Path kubeconfig, Ports ports) throws Exception {
        List<Path> workspace = new ArrayList<>();
        try (var files = Files.list(samples)) {
            files.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(workspace::add);
        }
        ServerMain.Options defaults = ServerMain.Options.defaults();
        ServerMain.Running server = ServerMain.start(new ServerMain.Options(
                defaults.host(), ports.designer(), null, null, ports.cluster(), kubeconfig, workspace));
        Upstreams upstreams = null;
        OutputStream logOut = null;
        AccessLog log = null;
        try {
            // the guide's first steps: kubectl create namespace curl, osm namespace add curl, kubectl apply -f
            // curl.yaml
            try (InputStream curl = Files.newInputStream(samples.resolve("curl.yaml"))) {
                server.connection().client().load(curl).serverSideApply();
            }
            upstreams = Upstreams.start("127.0.0.1", ports.http(), ports.https(), ports.tcp());
            String local = "127.0.0.1:";
            Path logFile = kubeconfig.toAbsolutePath().getParent().resolve("demo-access.log");
            Files.createDirectories(logFile.getParent());
            logOut = Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            log = AccessLog.async(logOut);
            Enforcer enforcer = Enforcer.start(
                    EnforcerConfig.parse(List.of(
                            "--kubeconfig",
                            kubeconfig.toString(),
                            "--identity",
                            "curl/curl",
                            "--listen",
                            local + ports.proxy(),
                            "--admin",
                            local + ports.admin(),
                            "--sidecar-listener",
                            "--connect-to",
                            "httpbin.org:80:" + local + upstreams.httpPort(),
                            "--connect-to",
                            "httpbin.org:443:" + local + upstreams.httpsPort(),
                            "--connect-to",
                            "openservicemesh.io:443:" + local + upstreams.httpsPort())),
                    log);
            server.api()
                    .workspace()
                    .traffic()
                    .follow(URI.create("http://" + local + enforcer.adminPort()), Duration.ofSeconds(1));
            return new Demo(samples, kubeconfig, server, upstreams, enforcer, ports, logFile, log, logOut);
        } catch (Exception | Error e) {
            if (log != null) {
                log.close();
            }
            if (logOut != null) {
                logOut.close();
            }
            if (upstreams != null) {
                upstreams.close();
            }
            server.close();
            throw e;
        }
    }

    String designerUrl() {
        return server.api().url() + "/?token=" + server.api().token();
    }

    /** What curl prints for https through a proxy: the proxy's answer to CONNECT, then the server's. */
    static final String OK_THROUGH_TUNNEL = "HTTP/1.1 200 Connection established, then HTTP/1.1 200 OK";

    /** The guide's walkthrough as commands to paste, each with what the guide shows for it. */
    List<Step> walkthrough() {
        String kubectl = "kubectl --kubeconfig " + kubeconfig + " ";
        String curl = "curl -sI -x http://127.0.0.1:" + ports.proxy() + " ";
        String curlTls = "curl -sIk -x http://127.0.0.1:" + ports.proxy() + " ";
        String s = samples + "/";
        return List.of(
                new Step(
                        "Enable egress policy",
                        kubectl + "patch meshconfig osm-mesh-config -n osm-system -p "
                                + "'{\"spec\":{\"featureFlags\":{\"enableEgressPolicy\":true}}}' --type=merge",
                        "patched"),
                new Step("HTTP egress", curl + "http://httpbin.org:80/get", "exit code 7"),
                new Step(null, kubectl + "apply -f " + s + "egress-httpbin-80.yaml", "created"),
                new Step(null, curl + "http://httpbin.org:80/get", "HTTP/1.1 200 OK"),
                new Step(null, kubectl + "delete egress httpbin-80 -n curl", "deleted"),
                new Step(null, curl + "http://httpbin.org:80/get", "exit code 7"),
                new Step(
                        "HTTPS egress (-k: the local httpbin's certificate is self-signed)",
                        curlTls + "https://httpbin.org:443/get",
                        "exit code 7"),
                new Step(null, kubectl + "apply -f " + s + "egress-httpbin-443.yaml", "created"),
                new Step(null, curlTls + "https://httpbin.org:443/get", OK_THROUGH_TUNNEL),
                new Step(null, kubectl + "delete egress httpbin-443 -n curl", "deleted"),
                new Step(null, curlTls + "https://httpbin.org:443/get", "exit code 7"),
                new Step("TCP egress", curlTls + "https://openservicemesh.io:443", "exit code 7"),
                new Step(null, kubectl + "apply -f " + s + "egress-tcp-443.yaml", "created"),
                new Step(null, curlTls + "https://openservicemesh.io:443", OK_THROUGH_TUNNEL),
                new Step(null, kubectl + "delete egress tcp-443 -n curl", "deleted"),
                new Step(null, curlTls + "https://openservicemesh.io:443", "exit code 7"),
                new Step("HTTP egress with SMI route matches", curl + "http://httpbin.org:80/get", "exit code 7"),
                new Step(null, curl + "http://httpbin.org:80/status/200", "exit code 7"),
                new Step(null, kubectl + "apply -f " + s + "egress-httpbin-80-routes.yaml", "created"),
                new Step(null, curl + "http://httpbin.org:80/get", "HTTP/1.1 200 OK"),
                new Step(null, curl + "http://httpbin.org:80/status/200", "HTTP/1.1 404 Not Found"),
                new Step(null, kubectl + "apply -f " + s + "http-route-group-status.yaml", "configured"),
                new Step(null, curl + "http://httpbin.org:80/status/200", "HTTP/1.1 200 OK"));
    }

    /** One command of the walkthrough; {@code section} starts a part of the guide (null: same part). */
    record Step(String section, String command, String expect) {}

    @Override
    public void close() {
        try {
            enforcer.close();
            accessLog.close();
            try {
                accessLogOut.close();
            } catch (IOException e) {
                // the lines were written and flushed by the log's thread; nothing more to save
            }
        } finally {
            try {
                upstreams.close();
            } finally {
                server.close();
            }
        }
    }

    static Path home() throws IOException {
        String home = System.getProperty("egress.home");
        Path root = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        Path samples = root.resolve("samples");
        if (!Files.isRegularFile(samples.resolve("curl.yaml"))) {
            throw new IOException("cannot find the guide's samples in " + samples
                    + " (run egress demo from the project folder, or through the ./egress launcher)");
        }
        return samples;
    }
}
