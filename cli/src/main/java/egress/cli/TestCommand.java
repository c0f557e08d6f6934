package egress.cli;

import egress.simulator.testfile.TestSuite;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "test", description = "Run EgressTest files (or every one under a folder) through the simulator.")
final class TestCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "test files or folders")
    List<Path> paths;

    @Option(names = "--output", description = "text (default) or json", defaultValue = "text")
    String output;

    @Option(names = "--sni-destination-check", paramLabel = "on|off", defaultValue = "on",
            description = "as egress enforce: a TLS connection allowed by its server name must go to that name "
                    + "(a --connect-to or --resolve elsewhere is refused); off: osm-edge's behaviour (default: on) for files whose mesh.sniDestinationCheck does not say")
    String sniDestinationCheck;

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main parent;

    private Locale locale() {
        return parent == null ? Locale.ENGLISH : parent.locale;
    }

    @Override
    public Integer call() {
        return TestSuite.run(paths, output.equals("json"), OnOff.parse(sniDestinationCheck, spec), System.out,
                System.err, locale());
    }
}
