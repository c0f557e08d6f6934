package egress.enforcer;

import egress.enforcer.config.EnforcerConfig;
import java.util.List;

/**
 * {@code egress enforce -f POLICIES --identity NS/SA [--listen ADDR:PORT] [--admin ADDR:PORT|off]
 * [--engine osm|pipy] [--connect-to HOST:PORT:ADDR:PORT]...}: runs the proxy-mode enforcer until the
 * process ends (SIGTERM drains first: {@link GracefulShutdown}). See {@link EnforcerConfig#parse} for every option.
 */
public final class EnforcerMain {
    private EnforcerMain() {}

    public static void main(String[] args) throws Exception {
        Enforcer.asProcess();
        EnforcerConfig config = EnforcerConfig.parse(List.of(args));
        Enforcer enforcer = Enforcer.start(config);
        GracefulShutdown.install(enforcer, config.drainGrace());
        enforcer.awaitClose();
        System.exit(0); // drained after SIGTERM: exit 0 even if a library left a thread behind
    }
}
