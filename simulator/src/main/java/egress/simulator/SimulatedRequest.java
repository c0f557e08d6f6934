package egress.simulator;

import egress.policy.match.AppProtocol;
import egress.policy.model.Identity;
import egress.simulator.curl.CurlCommand;
import java.util.Map;

/**
 * A request in the test format's explicit form, or a curl line. Fields left null take the
 * defaults of the test format (port from the scheme, GET, {@code /}, SNI = host, IP from DNS).
 */
public record SimulatedRequest(
        Identity from,
        CurlCommand curl,
        AppProtocol protocol,
        String host,
        String ip,
        Integer port,
        String method,
        String path,
        Map<String, String> headers,
        String sni,
        boolean sniGiven,
        boolean serverFirst) {

    public static SimulatedRequest curl(Identity from, CurlCommand curl) {
        return new SimulatedRequest(from, curl, null, null, null, null, null, null, Map.of(), null, false, false);
    }
}
