package egress.cli;

import egress.simulator.testfile.TestSuite;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "test", description = "Run EgressTest files (or every one under a folder) through the simulator.")
final class TestCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "test files or folders")
    List<Path> paths;

    @Option(names = "--output", description = "text (default) or json", defaultValue = "text")
    String output;

    /** For the files whose {@code mesh.sniDestinationCheck} does not say. */
    @Mixin
    SniCheckOption sniCheck;

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main parent;

    private Locale locale() {
        return parent == null ? Locale.ENGLISH : parent.locale;
    }

    @Override
    public Integer call() {
        return TestSuite.run(paths, output.equals("json"), sniCheck.check(spec), System.out, System.err, locale());
    }
}
