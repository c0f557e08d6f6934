package egress.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** An {@code on|off} option value, as {@code egress enforce} reads {@code --sni-destination-check}. */
final class OnOff {
    private OnOff() {}

    /** on: true, off: false; anything else is a usage error (exit 2) naming the option. */
    static boolean parse(String value, CommandSpec spec) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default ->
                throw new ParameterException(
                        spec.commandLine(), "--sni-destination-check expects on or off, got '" + value + "'");
        };
    }
}
