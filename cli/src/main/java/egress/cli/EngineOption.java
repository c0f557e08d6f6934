package egress.cli;

import egress.policy.model.Engine;
import picocli.CommandLine.Option;

/**
 * {@code --engine osm|pipy}, shared by every command that decides. Read in the command's body, so an unknown
 * engine is reported in the user's language ({@code cli.unknown-engine}); not given, {@link Engine#parse} says
 * the default.
 */
final class EngineOption {
    @Option(
            names = "--engine",
            paramLabel = "osm|pipy",
            description = "osm (default, the documented behaviour, Envoy's) or pipy (osm-edge's default data plane)")
    String engine;

    /** The engine named, or the default when none is. */
    Engine engine() {
        return Engine.parse(engine);
    }

    /** Whether {@code --engine} was given. */
    boolean given() {
        return engine != null;
    }
}
