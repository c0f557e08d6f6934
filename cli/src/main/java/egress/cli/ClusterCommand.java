package egress.cli;

import egress.cluster.kube.EmbeddedCluster;
import egress.cluster.main.ClusterMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "cluster",
        description = {
            "Run the embedded cluster alone (the fabric8 mock server that kubectl can use) and write a kubeconfig for it.",
            "  egress cluster --port 18080 --kubeconfig /tmp/egress.kubeconfig",
            "  kubectl --kubeconfig /tmp/egress.kubeconfig apply -f samples/egress-httpbin-80.yaml"
        })
final class ClusterCommand implements Callable<Integer> {
    @Option(names = "--port", description = "port on 127.0.0.1 (default 18080)")
    int port = EmbeddedCluster.DEFAULT_PORT;

    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description = "where to write the kubeconfig " + "(default ~/.egress-designer/kubeconfig)")
    Path kubeconfig = ClusterMain.defaultKubeconfig();

    @Override
    public Integer call() throws Exception {
        System.err.println("egress cluster: https://127.0.0.1:" + port + ", kubeconfig " + kubeconfig
                + " (it holds the token and the certificate; kubectl --kubeconfig " + kubeconfig + " ...)");
        return ClusterMain.run(port, kubeconfig);
    }
}
