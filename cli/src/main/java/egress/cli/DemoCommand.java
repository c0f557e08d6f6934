package egress.cli;

import egress.cluster.main.ClusterMain;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        description = {
            "Run the guide on this machine: the web designer with an embedded cluster, the guide's manifests in its "
                    + "workspace, local stand-ins for httpbin.org and openservicemesh.io, and an enforcer as the curl pod's "
                    + "sidecar that follows the cluster. Prints the designer's URL and every step of the guide to paste."
        })
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--port", description = "the designer's port (default 7080)")
    int port = Demo.Ports.defaults().designer();

    @Option(names = "--cluster-port", description = "the embedded cluster's port (default 18080)")
    int clusterPort = Demo.Ports.defaults().cluster();

    @Option(names = "--proxy-port", description = "the curl pod's sidecar (the enforcer) (default 15001)")
    int proxyPort = Demo.Ports.defaults().proxy();

    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description =
                    "where to write the embedded cluster's " + "kubeconfig (default ~/.egress-designer/kubeconfig)")
    Path kubeconfig = ClusterMain.defaultKubeconfig();

    @Override
    public Integer call() throws Exception {
        Demo.Ports d = Demo.Ports.defaults();
        Demo demo = Demo.start(
                Demo.home(),
                kubeconfig,
                new Demo.Ports(port, clusterPort, proxyPort, d.admin(), d.http(), d.https(), d.tcp()));
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "egress-demo-stop"));
        print(demo, System.out);
        Thread.currentThread().join();
        return 0;
    }

    static void print(Demo demo, PrintStream out) {
        out.println();
        out.println("Egress Designer demo is running. Stop it with Ctrl+C.");
        out.println();
        out.println("  designer      " + demo.designerUrl());
        out.println("  cluster       embedded, kubeconfig " + demo.kubeconfig + " (kubectl works against it)");
        out.println("  curl pod      curl/curl; its sidecar is the enforcer on 127.0.0.1:" + demo.ports.proxy()
                + " (metrics: http://127.0.0.1:" + demo.ports.admin() + "/metrics)");
        out.println("  traffic       the enforcer's access log is " + demo.accessLogFile + "; the designer's Traffic"
                + " view follows its decisions live");
        out.println("  outside       httpbin.org and openservicemesh.io answer from this machine (http "
                + demo.upstreams.httpPort() + ", https " + demo.upstreams.httpsPort() + ")");
        out.println();
        out.println("The guide, step by step (paste into another terminal; after each, what the guide shows):");
        for (Demo.Step step : demo.walkthrough()) {
            if (step.section() != null) {
                out.println();
                out.println("# " + step.section());
            }
            out.println(step.command() + "    # " + step.expect());
        }
        out.println();
        out.flush();
    }
}
