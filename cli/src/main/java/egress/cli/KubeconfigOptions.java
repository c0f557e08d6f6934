package egress.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --kubeconfig FILE [--context NAME]}: the cluster of {@code enforce}, {@code diff} and {@code serve}. */
final class KubeconfigOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "a cluster's kubeconfig")
    Path kubeconfig;

    @Option(
            names = "--context",
            paramLabel = "NAME",
            description = "a context of the kubeconfig (default: its current one)")
    String context;
}
