package egress.cli;

import egress.enforcer.UpstreamsMain;
import egress.enforcer.upstreams.Upstreams;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "upstreams", description = "Run the built-in outside world: an httpbin-like server over HTTP and "
        + "TLS (self-signed), and a server-first TCP banner server.")
final class UpstreamsCommand implements Callable<Integer> {
    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port (default 8080; negative: off)")
    int http;

    @Option(names = "--https-port", defaultValue = "8443", description = "HTTPS port (default 8443; negative: off)")
    int https;

    @Option(names = "--tcp-port", defaultValue = "9000", description = "server-first TCP port (default 9000; negative: off)")
    int tcp;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to listen on (default 127.0.0.1)")
    String bind;

    @Override
    public Integer call() throws Exception {
        Upstreams u = UpstreamsMain.run(List.of("--http-port", String.valueOf(http), "--https-port", String.valueOf(https),
                "--tcp-port", String.valueOf(tcp), "--bind", bind));
        System.err.println("egress upstreams: http " + u.httpPort() + ", https " + u.httpsPort() + ", tcp " + u.tcpPort());
        u.awaitClose();
        return 0;
    }
}
