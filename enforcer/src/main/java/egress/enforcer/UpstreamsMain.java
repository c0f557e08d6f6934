package egress.enforcer;

import egress.enforcer.upstreams.Upstreams;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code egress upstreams [--http-port N] [--https-port N] [--tcp-port N] [--bind ADDR]}: runs the built-in
 * upstreams until the process ends. Defaults: 8080, 8443, 9000 on 0.0.0.0; a negative port turns one off.
 */
public final class UpstreamsMain {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamsMain.class);

    private UpstreamsMain() {
    }

    public static void main(String[] args) throws Exception {
        run(List.of(args)).awaitClose();
    }

    /** Parses the options and starts the servers; the caller owns the result. */
    public static Upstreams run(List<String> args) throws Exception {
        int http = 8080;
        int https = 8443;
        int tcp = 9000;
        String bind = "0.0.0.0";
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args.get(++i);
            switch (a) {
                case "--http-port" -> http = Integer.parseInt(v);
                case "--https-port" -> https = Integer.parseInt(v);
                case "--tcp-port" -> tcp = Integer.parseInt(v);
                case "--bind" -> bind = v;
                default -> throw new IllegalArgumentException("unknown option " + a
                        + ": expected --http-port, --https-port, --tcp-port or --bind");
            }
        }
        Upstreams u = Upstreams.start(bind, http, https, tcp);
        LOG.info("upstreams listening: http {}, https {}, tcp {} on {}", u.httpPort(), u.httpsPort(), u.tcpPort(), bind);
        return u;
    }
}
