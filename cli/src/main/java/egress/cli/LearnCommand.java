package egress.cli;

import egress.policy.model.Identity;
import egress.simulator.learn.Learned;
import egress.simulator.learn.Learner;
import egress.simulator.learn.RouteMode;
import egress.simulator.traffic.TrafficFormat;
import egress.simulator.traffic.TrafficReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "learn",
        description = {
            "Propose the smallest Egress and HTTPRouteGroup manifests that allow the recorded traffic, and an",
            "EgressTest file pinning it. Requests refused when recorded stay refused and are listed.",
            "  egress learn access.log.gz -o learned/",
            "  egress learn --from shop/api envoy-api-7f9c.log --routes exact -o learned/",
            "Exit 0 when learned, 1 when some lines could not be read, 2 when nothing could be."
        })
final class LearnCommand implements Callable<Integer> {
    @Parameters(
            arity = "1..*",
            paramLabel = "TRAFFIC",
            description = "recorded traffic files (- for stdin; gzip read as is)")
    List<String> traffic;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "DIR",
            description = "where the manifests go")
    Path dir;

    @Option(names = "--from", paramLabel = "NS/SA", description = "the client whose Envoy access log the files are")
    String from;

    @Option(
            names = "--format",
            defaultValue = "auto",
            description = "auto (default, told line by line), enforcer, replay or envoy")
    String format;

    /** The data plane to write for. */
    @Mixin
    EngineOption engine;

    @Option(
            names = "--routes",
            defaultValue = "prefix",
            description =
                    "none (hosts only), exact (one match per path) or prefix (default: exact when few, shared folders when many)")
    String routes;

    @Option(
            names = "--tcp-prefix",
            defaultValue = "32",
            paramLabel = "N",
            description = "TCP ranges: 32 (default) allows exactly the addresses seen; N < 32 the /N around each")
    int tcpPrefix;

    @Override
    public Integer call() throws IOException {
        Learner learner;
        TrafficReader reader;
        try {
            learner = new Learner(engine.engine(), RouteMode.parse(routes), tcpPrefix);
            reader = new TrafficReader(
                    TrafficFormat.parse(format), from == null ? null : Identity.parse(from), System.err);
        } catch (IllegalArgumentException e) {
            System.err.println("egress learn: " + e.getMessage());
            return 2;
        }
        for (String file : traffic) {
            reader.read(file, learner::accept, System.console() == null ? null : System.err);
        }
        if (reader.requests() == 0) {
            System.err.println("egress learn: no request could be read from " + String.join(", ", traffic));
            return 2;
        }
        Learned learned = learner.learn();
        learned.write(dir);
        System.out.printf(
                "learned %d Egress policies from %,d requests (%,d allowed, %,d refused when recorded)%s into %s%n",
                learned.proposals().size(),
                reader.requests(),
                learned.allowedRequests(),
                learned.refusedRequests(),
                reader.unreadable() > 0 ? String.format(", %,d unreadable lines", reader.unreadable()) : "",
                dir);
        learned.proposals().forEach(p -> System.out.println("  " + dir.resolve(p.file())));
        System.out.println("  " + dir.resolve(Learned.TESTS_FILE));
        if (!learned.refused().isEmpty()) {
            System.out.println("refused when recorded (they stay refused unless marked):");
            learned.refused().stream().limit(50).forEach(System.out::println);
            if (learned.refused().size() > 50) {
                System.out.println("  ... and " + (learned.refused().size() - 50) + " more destinations");
            }
        }
        learned.warnings().forEach(w -> System.err.println("warning: " + w));
        return reader.unreadable() > 0 ? 1 : 0;
    }
}
