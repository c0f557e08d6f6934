package egress.enforcer;

import egress.enforcer.config.EnforcerConfig;
import java.util.List;

/**
 * {@code egress enforce -f POLICIES --identity NS/SA [--listen ADDR:PORT] [--admin ADDR:PORT|off]
 * [--engine osm|pipy] [--connect-to HOST:PORT:ADDR:PORT]...}: runs the proxy-mode enforcer until the
 * process ends. See {@link EnforcerConfig#parse} for every option.
 */
public final class EnforcerMain {
    private EnforcerMain() {
    }

    public static void main(String[] args) throws Exception {
        Enforcer enforcer = Enforcer.start(EnforcerConfig.parse(List.of(args)));
        Runtime.getRuntime().addShutdownHook(new Thread(enforcer::close, "egress-enforcer-stop"));
        enforcer.awaitClose();
    }
}
