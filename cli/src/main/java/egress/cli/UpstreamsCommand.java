package egress.cli;

import egress.enforcer.upstreams.Upstreams;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "upstreams",
        description = "Run the built-in outside world: an httpbin-like server over HTTP and "
                + "TLS (self-signed), and a server-first TCP banner server.")
final class UpstreamsCommand implements Callable<Integer> {
    @Option(
            names = "--http-port",
            paramLabel = "N",
            defaultValue = "" + Upstreams.DEFAULT_HTTP_PORT,
            description = "HTTP port (default ${DEFAULT-VALUE}; negative: off)")
    int http;

    @Option(
            names = "--https-port",
            paramLabel = "N",
            defaultValue = "" + Upstreams.DEFAULT_HTTPS_PORT,
            description = "HTTPS port (default ${DEFAULT-VALUE}; negative: off)")
    int https;

    @Option(
            names = "--tcp-port",
            paramLabel = "N",
            defaultValue = "" + Upstreams.DEFAULT_TCP_PORT,
            description = "server-first TCP port (default ${DEFAULT-VALUE}; negative: off)")
    int tcp;

    @Option(
            names = "--bind",
            paramLabel = "ADDR",
            defaultValue = Upstreams.DEFAULT_BIND,
            description = "address to listen on (default ${DEFAULT-VALUE})")
    String bind;

    @Override
    public Integer call() throws Exception {
        try (Upstreams u = Upstreams.start(bind, http, https, tcp)) {
            System.err.println("egress upstreams: http " + u.httpPort() + ", https " + u.httpsPort() + ", tcp "
                    + u.tcpPort() + " on " + bind);
            u.awaitClose();
        }
        return 0;
    }
}
