package egress.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import egress.enforcer.config.EnforcerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code egress enforce}'s options are read once, by picocli, into the enforcer's config builder, which alone holds
 * the defaults. Before, the command re-assembled its options as strings for a second, hand-written parser in the
 * enforcer, and the layers disagreed: the README documents {@code --header-timeout-ms} for {@code egress enforce},
 * which the enforcer's parser took and the command rejected as an unknown option (so did {@code --sniff-timeout-ms},
 * {@code --connect-timeout-ms} and {@code --no-watch}).
 */
class EnforceOptionsTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", ".."));
    private static final Pattern README_ROW = Pattern.compile("^\\| `(--[a-z-]+)` \\| (\\S+) \\|", Pattern.MULTILINE);
    /** "(default 60000; 0: off)", "(default: on)", "proxy (default)". */
    private static final Pattern HELP_DEFAULT = Pattern.compile("\\(default:? ([^;),\\s]+)[;)]|(\\S+) \\(default[,)]");

    @TempDir
    Path dir;

    private static CommandLine.ParseResult parse(String... args) {
        return new CommandLine(new Main()).parseArgs(args).subcommand();
    }

    private static EnforcerConfig config(List<String> args) {
        List<String> all = new ArrayList<>(List.of("enforce"));
        all.addAll(args);
        CommandLine.ParseResult r = parse(all.toArray(String[]::new));
        return ((EnforceCommand) r.commandSpec().userObject()).config();
    }

    private static List<String> base(String... more) {
        List<String> args = new ArrayList<>(List.of("--resources", "policies", "--identity", "curl/curl"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    @DisplayName("every flag the README's table documents for egress enforce is an option of egress enforce")
    void everyDocumentedFlagIsAnOption() throws Exception {
        Map<String, String> documented = readmeTable();
        assertThat(documented).containsKey("--header-timeout-ms").containsKey("--revoke-drain-ms");
        for (Map.Entry<String, String> row : documented.entrySet()) {
            assertThatCode(() -> parse(
                            "enforce",
                            "--resources",
                            "policies",
                            "--identity",
                            "curl/curl",
                            row.getKey(),
                            row.getValue()))
                    .as(row.getKey())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    @DisplayName("the README's documented defaults are the config's defaults")
    void documentedDefaultsAreTheDefaults() throws Exception {
        EnforcerConfig defaults = config(base());
        for (Map.Entry<String, String> row : readmeTable().entrySet()) {
            assertThat(config(base(row.getKey(), row.getValue())))
                    .as(row.getKey())
                    .isEqualTo(defaults);
        }
    }

    @Test
    @DisplayName("every default --help states is the config's default")
    void helpDefaultsAreTheDefaults() {
        EnforcerConfig defaults = config(base());
        int checked = 0;
        for (OptionSpec o : enforceSpec().options()) {
            Matcher m = HELP_DEFAULT.matcher(String.join(" ", o.description()));
            if (!m.find() || o.longestName().equals("--token-file")) { // its default is $EGRESS_TOKEN, no value
                continue;
            }
            String value = m.group(1) != null ? m.group(1) : m.group(2);
            assertThat(config(base(o.longestName(), value)))
                    .as(o.longestName() + " " + value)
                    .isEqualTo(defaults);
            checked++;
        }
        assertThat(checked).as("options whose help states a default").isGreaterThanOrEqualTo(16);
    }

    @Test
    @DisplayName("every option in egress enforce --help reaches the config, as the image's parser reads it too")
    void everyOptionReachesTheConfig() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "t0ken\n");
        Path listeners = Files.writeString(dir.resolve("listeners"), "a/b@127.0.0.1:1000\n");
        Path staged = Files.createDirectories(dir.resolve("staged"));
        Map<String, List<String>> samples = new LinkedHashMap<>();
        samples.put("--resources", List.of("--resources", "other", "--identity", "curl/curl"));
        samples.put("--identity", List.of("--resources", "policies", "--identity", "other/sa"));
        samples.put("--listen", base("--listen", "127.0.0.1:1"));
        samples.put("--listener", base("--listener", "a/b@127.0.0.1:2"));
        samples.put("--listeners", base("--listeners", listeners.toString()));
        samples.put("--admin", base("--admin", "off"));
        samples.put("--engine", base("--engine", "pipy"));
        samples.put("--mode", base("--mode", "transparent"));
        samples.put("--connect-to", base("--connect-to", "a:80:127.0.0.1:8080"));
        samples.put("--kubeconfig", List.of("--kubeconfig", "kc", "--identity", "curl/curl"));
        samples.put("--context", List.of("--kubeconfig", "kc", "--context", "ctx", "--identity", "curl/curl"));
        samples.put("--in-cluster", List.of("--in-cluster", "--identity", "curl/curl"));
        samples.put(
                "--server",
                List.of(
                        "--server",
                        "http://127.0.0.1:7080",
                        "--token-file",
                        token.toString(),
                        "--identity",
                        "curl/curl"));
        samples.put("--token-file", samples.get("--server"));
        samples.put("--token", List.of("--server", "http://127.0.0.1:7080", "--token", "x", "--identity", "curl/curl"));
        for (String ms : List.of(
                "--sniff-timeout-ms",
                "--header-timeout-ms",
                "--connect-timeout-ms",
                "--request-body-timeout-ms",
                "--response-timeout-ms",
                "--response-idle-timeout-ms",
                "--tunnel-idle-timeout-ms",
                "--max-connection-age-ms",
                "--revoke-drain-ms")) {
            samples.put(ms, base(ms, "1"));
        }
        samples.put("--metrics-max-hosts", base("--metrics-max-hosts", "3"));
        samples.put("--no-watch", base("--no-watch"));
        samples.put("--sidecar-listener", base("--sidecar-listener"));
        samples.put("--sni-destination-check", base("--sni-destination-check", "off"));
        samples.put("--identity-from", List.of("--in-cluster", "--identity-from", "pod-ip"));
        samples.put("--drain-grace-seconds", base("--drain-grace-seconds", "1"));
        samples.put("--report-only", base("--report-only"));
        samples.put("--staged", base("--staged", staged.toString()));
        samples.put(
                "--staged-server",
                base("--staged-server", "http://127.0.0.1:7080", "--staged-token-file", token.toString()));
        samples.put("--staged-token-file", samples.get("--staged-server"));
        samples.put("--staged-kubeconfig", base("--staged-kubeconfig", "kc"));
        samples.put("--staged-context", base("--staged-kubeconfig", "kc", "--staged-context", "staging"));

        List<String> names = enforceSpec().options().stream()
                .map(OptionSpec::longestName)
                .filter(n -> !n.equals("--help") && !n.equals("--version"))
                .toList();
        assertThat(samples.keySet())
                .as("a sample for every option of enforce --help")
                .containsExactlyInAnyOrderElementsOf(names);
        assertThat(EnforcerConfig.flags())
                .as("the image reads the flags of egress enforce, no more, no fewer")
                .containsExactlyInAnyOrderElementsOf(enforceSpec().options().stream()
                        .flatMap(o -> java.util.Arrays.stream(o.names()))
                        .filter(n -> !n.equals("--help") && !n.equals("--version"))
                        .toList());
        EnforcerConfig defaults = config(base());
        for (Map.Entry<String, List<String>> s : samples.entrySet()) {
            EnforcerConfig c = config(s.getValue());
            assertThat(c).as(s.getKey() + " changes the config").isNotEqualTo(defaults);
            assertThat(EnforcerConfig.parse(s.getValue(), Map.of()))
                    .as("the image reads " + s.getValue() + " alike")
                    .isEqualTo(c);
        }
    }

    private static CommandLine.Model.CommandSpec enforceSpec() {
        return new CommandLine(new Main()).getSubcommands().get("enforce").getCommandSpec();
    }

    /** The rows of the README's "Timeouts and limits of `egress enforce`" table: flag and default. */
    private static Map<String, String> readmeTable() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int from = readme.indexOf("Timeouts and limits of `egress enforce`");
        assertThat(from).as("README's table of egress enforce's limits").isPositive();
        String table = readme.substring(from, readme.indexOf("\n\n", readme.indexOf("| flag |", from)));
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher m = README_ROW.matcher(table);
        while (m.find()) {
            rows.put(m.group(1), m.group(2));
        }
        return rows;
    }
}
