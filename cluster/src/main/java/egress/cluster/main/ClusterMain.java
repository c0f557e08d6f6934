package egress.cluster.main;

import egress.cluster.kube.EmbeddedCluster;
import egress.cluster.kube.Kubeconfigs;
import java.nio.file.Path;

/**
 * {@code egress cluster [--port N] [--kubeconfig FILE]}: runs the embedded cluster until the process is
 * stopped, after writing a kubeconfig for it.
 */
public final class ClusterMain {
    private ClusterMain() {}

    /** The default kubeconfig location: {@code ~/.egress-designer/kubeconfig} (never ~/.kube/config). */
    public static Path defaultKubeconfig() {
        return Kubeconfigs.defaultFile();
    }

    /**
     * Starts the cluster on 127.0.0.1:{@code port} and writes {@code kubeconfig}; the caller closes it.
     *
     * @param egressPolicyEnabled the MeshConfig's initial enableEgressPolicy (the cli passes false)
     */
    public static EmbeddedCluster start(int port, Path kubeconfig, boolean egressPolicyEnabled) {
        return EmbeddedCluster.start(port, kubeconfig, egressPolicyEnabled);
    }

    /** Runs until interrupted; returns the exit status. */
    public static int run(int port, Path kubeconfig) throws InterruptedException {
        try (EmbeddedCluster cluster = start(port, kubeconfig, false)) {
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "embedded-cluster-stop"));
            Thread.currentThread().join();
        }
        return 0;
    }

    public static void main(String[] args) throws InterruptedException {
        int port = EmbeddedCluster.DEFAULT_PORT;
        Path kubeconfig = defaultKubeconfig();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--kubeconfig" -> kubeconfig = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.exit(run(port, kubeconfig));
    }
}
