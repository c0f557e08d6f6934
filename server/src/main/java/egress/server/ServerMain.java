package egress.server;

import egress.cluster.kube.ClusterConnection;
import egress.cluster.kube.EmbeddedCluster;
import egress.cluster.kube.Kubeconfigs;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.server.api.ApiServer;
import egress.server.workspace.Workspace;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code egress serve}: the HTTP API, against a real cluster when a kubeconfig or context is named, else
 * against an embedded cluster started alongside (whose kubeconfig is written for kubectl).
 */
public final class ServerMain {
    public static final int DEFAULT_PORT = 7080;

    /**
     * @param host               where the API listens (127.0.0.1 unless you mean it)
     * @param port               the API port (0: any free port)
     * @param kubeconfig         a real cluster's kubeconfig (null: the default one if {@code context} is set)
     * @param context            a context of that kubeconfig (null: its current context)
     * @param clusterPort        the embedded cluster's port, when one is started
     * @param embeddedKubeconfig where the embedded cluster's kubeconfig goes
     * @param workspace          manifest files or folders loaded into the workspace at start
     */
    public record Options(
            String host,
            int port,
            Path kubeconfig,
            String context,
            int clusterPort,
            Path embeddedKubeconfig,
            List<Path> workspace) {
        public Options {
            workspace = List.copyOf(workspace);
        }

        public static Options defaults() {
            return new Options(
                    "127.0.0.1",
                    DEFAULT_PORT,
                    null,
                    null,
                    EmbeddedCluster.DEFAULT_PORT,
                    Kubeconfigs.defaultFile(),
                    List.of());
        }

        /** Whether a real cluster is named, so no embedded one is started. */
        public boolean realCluster() {
            return kubeconfig != null || context != null;
        }
    }

    /** A started server; closing it stops the API, then the embedded cluster if there is one. */
    public record Running(ApiServer api, ClusterConnection connection, EmbeddedCluster cluster)
            implements AutoCloseable {
        @Override
        public void close() {
            api.close();
            connection.close();
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private ServerMain() {}

    public static Running start(Options o) throws ManifestException {
        Workspace workspace = new Workspace(Workspace.folderOf(o.workspace()));
        List<Manifest> initial = new ArrayList<>();
        for (Path p : o.workspace()) {
            initial.addAll(ManifestReader.read(p));
        }
        workspace.load(initial);
        EmbeddedCluster cluster = null;
        ClusterConnection connection;
        if (o.realCluster()) {
            connection = ClusterConnection.open(o.kubeconfig(), o.context());
        } else {
            cluster = EmbeddedCluster.start(o.clusterPort(), o.embeddedKubeconfig(), false);
            connection = ClusterConnection.embedded(cluster);
        }
        try {
            return new Running(ApiServer.start(o.host(), o.port(), workspace, connection), connection, cluster);
        } catch (RuntimeException e) {
            connection.close();
            if (cluster != null) {
                cluster.close();
            }
            throw e;
        }
    }

    /** Starts, prints the URL and the access token to {@code out}, and serves until the process is stopped. */
    public static int run(Options o, PrintStream out, PrintStream err) throws InterruptedException {
        Running running;
        try {
            running = start(o);
        } catch (ManifestException e) {
            err.println("egress serve: " + e.getMessage());
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "egress-serve-stop"));
        out.println("Egress Designer: " + running.api().pageUrl());
        out.println("Egress Designer API: " + running.api().url() + "/api");
        out.println("Access token: " + running.api().token());
        if (running.cluster() != null) {
            out.println("Embedded cluster: " + running.cluster().url() + " (kubectl --kubeconfig "
                    + o.embeddedKubeconfig() + " ...)");
        } else {
            out.println("Cluster: context " + running.connection().context() + " at "
                    + running.connection().server());
        }
        out.flush();
        Thread.currentThread().join();
        return 0;
    }

    public static void main(String[] args) throws InterruptedException {
        Options d = Options.defaults();
        int port = d.port();
        Path kubeconfig = null;
        String context = null;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--kubeconfig" -> kubeconfig = Path.of(args[++i]);
                case "--context" -> context = args[++i];
                default -> files.add(Path.of(args[i]));
            }
        }
        System.exit(run(
                new Options(d.host(), port, kubeconfig, context, d.clusterPort(), d.embeddedKubeconfig(), files),
                System.out,
                System.err));
    }
}
