package egress.cli;

import egress.policy.i18n.Message;
import egress.policy.i18n.MessageException;
import egress.policy.i18n.Messages;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code egress} command: one subcommand per job, each wiring the modules it needs. */
@Command(
        name = "egress",
        mixinStandardHelpOptions = true,
        version = "egress 0.1.0",
        description = "Design, test and enforce osm-edge Egress policies.",
        subcommands = {
            ValidateCommand.class,
            TestCommand.class,
            SimulateCommand.class,
            EnforceCommand.class,
            UpstreamsCommand.class,
            ClusterCommand.class,
            ServeCommand.class,
            DeployCommand.class,
            DemoCommand.class,
            DesignerCommand.class,
            LearnCommand.class,
            DiffCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {
    @Option(
            names = "--lang",
            paramLabel = "en|ja",
            description = "the language of explanations and errors, anywhere "
                    + "before --; default: LC_ALL, LC_MESSAGES or LANG (ja_JP.UTF-8 gives Japanese)")
    String lang;

    /** The language the subcommands speak: from {@code --lang}, else the environment. */
    Locale locale = Locale.ENGLISH;

    public static void main(String[] args) {
        System.exit(run(System.getenv(), true, args));
    }

    public static int run(String... args) {
        return run(System.getenv(), args);
    }

    /** Runs with the given environment deciding the language ({@code LC_ALL}, {@code LC_MESSAGES}, {@code LANG}). */
    public static int run(Map<String, String> env, String... args) {
        return run(env, false, args);
    }

    /** @param process whether this is the process's own run, whose standard streams may be re-encoded */
    private static int run(Map<String, String> env, boolean process, String[] args) {
        Locale locale = Messages.fromEnvironment(env);
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                rest.addAll(List.of(args).subList(i, args.length));
                break;
            }
            String value = a.startsWith("--lang=")
                    ? a.substring("--lang=".length())
                    : a.equals("--lang") ? (i + 1 < args.length ? args[++i] : "") : null;
            if (value == null) {
                rest.add(a);
            } else if (Messages.parseLang(value) != null) {
                locale = Messages.parseLang(value);
            } else {
                System.err.println(
                        "egress: " + Message.of("cli.bad-lang", value).render(locale));
                return 2;
            }
        }
        Charset charset = process && Messages.isJapanese(locale) ? terminalCharset(env) : null;
        if (charset != null) {
            writeIn(charset);
        }
        Main main = new Main();
        main.locale = locale;
        CommandLine cl = new CommandLine(main);
        if (charset != null) { // picocli's own writers would encode in the JVM's default charset
            cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, charset), true));
            cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, charset), true));
        }
        Locale lang = locale;
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr()
                    .println("egress: " + (ex instanceof MessageException m ? m.getMessage(lang) : ex.getMessage()));
            return 2;
        });
        if (Messages.isJapanese(locale)) {
            cl.setParameterExceptionHandler(Main::japaneseUsageError);
        }
        return cl.execute(rest.toArray(String[]::new));
    }

    /**
     * The encoding of the terminal, as the locale of character types names it ({@code ja_JP.UTF-8}, {@code
     * ja_JP.eucJP}); UTF-8 when it names none the JVM knows. Java 17 takes it from the C library, which says
     * ASCII when the locale is not installed, and would print Japanese as question marks.
     */
    static Charset terminalCharset(Map<String, String> env) {
        for (String name : List.of("LC_ALL", "LC_CTYPE", "LANG")) {
            String v = env.get(name);
            if (v != null && !v.isEmpty()) {
                int dot = v.indexOf('.');
                String codeset = dot < 0 ? "" : v.substring(dot + 1).replaceFirst("@.*", "");
                try {
                    return codeset.isEmpty() ? StandardCharsets.UTF_8 : Charset.forName(codeset);
                } catch (IllegalArgumentException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static void writeIn(Charset charset) {
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, charset));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, charset));
    }

    /** picocli's common usage errors in Japanese (others keep picocli's wording after a Japanese lead). */
    private static int japaneseUsageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        Message m;
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            m = Message.of(u.isUnknownOption() ? "cli.unknown-option" : "cli.unmatched-argument", u.getUnmatched());
        } else if (ex instanceof CommandLine.MissingParameterException missing) {
            List<String> names = missing.getMissing().stream()
                    .map(a -> a.isOption()
                            ? ((CommandLine.Model.OptionSpec) a).longestName() + "=" + a.paramLabel()
                            : a.paramLabel())
                    .toList();
            m = Message.of("cli.missing", names);
        } else {
            m = Message.of("cli.bad-arguments", ex.getMessage());
        }
        cmd.getErr().println(cmd.getCommandName() + ": " + m.render(Locale.JAPANESE));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
        cmd.getErr()
                .println(Message.of("cli.see-help", cmd.getCommandSpec().qualifiedName())
                        .render(Locale.JAPANESE));
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }
}
