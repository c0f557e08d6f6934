package egress.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code egress} command: one subcommand per job, each wiring the modules it needs. */
@Command(name = "egress", mixinStandardHelpOptions = true, version = "egress 0.1.0",
        description = "Design, test and enforce osm-edge Egress policies.",
        subcommands = {ValidateCommand.class, TestCommand.class, SimulateCommand.class, EnforceCommand.class,
                UpstreamsCommand.class, ClusterCommand.class, ServeCommand.class, DeployCommand.class,
                DemoCommand.class, DesignerCommand.class, LearnCommand.class, DiffCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("egress: " + ex.getMessage());
            return 2;
        });
        return cl.execute(args);
    }
}
