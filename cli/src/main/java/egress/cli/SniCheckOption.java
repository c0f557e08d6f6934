package egress.cli;

import egress.enforcer.config.EnforcerConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --sni-destination-check on|off}, shared by {@code simulate}, {@code test} and {@code enforce}. */
final class SniCheckOption {
    @Option(
            names = "--sni-destination-check",
            paramLabel = "on|off",
            description = "a TLS connection allowed by "
                    + "its server name must go to that name (the CONNECT host, or an address of it; a --connect-to or "
                    + "--resolve elsewhere is refused); off: osm-edge's behaviour, which does not check (default: on)")
    String value;

    /** The switch, or the enforcer's default when it is not given. */
    boolean check(CommandSpec spec) {
        return value == null ? EnforcerConfig.DEFAULT_SNI_DESTINATION_CHECK : OnOff.parse(value, spec);
    }
}
