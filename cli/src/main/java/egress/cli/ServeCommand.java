package egress.cli;

import egress.server.ServerMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "serve",
        description = {
            "Serve the web designer and its API on 127.0.0.1, with an embedded cluster unless --kubeconfig or "
                    + "--context names a real one. The printed URL carries the access token."
        })
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", description = "API and page port (default 7080; 0: any free port)")
    int port = ServerMain.DEFAULT_PORT;

    /** A real cluster instead of the embedded one. */
    @Mixin
    KubeconfigOptions kube;

    @Option(names = "--cluster-port", description = "the embedded cluster's port (default 18080)")
    Integer clusterPort;

    @Parameters(paramLabel = "FILE|DIR", arity = "0..*", description = "manifests to load into the workspace")
    List<Path> workspace = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ServerMain.Options d = ServerMain.Options.defaults();
        return ServerMain.run(
                new ServerMain.Options(
                        d.host(),
                        port,
                        kube.kubeconfig,
                        kube.context,
                        clusterPort == null ? d.clusterPort() : clusterPort,
                        d.embeddedKubeconfig(),
                        workspace),
                System.out,
                System.err);
    }
}
