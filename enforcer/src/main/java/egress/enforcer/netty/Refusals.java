package egress.enforcer.netty;

import egress.policy.match.Signal;
import io.netty.channel.Channel;

/**
 * How a refusal that is not an HTTP answer reaches a client already connected to the proxy.
 * <ul>
 * <li>{@code connection-refused}: the client connection is closed without a single response byte
 *     (CONNECT: curl reports "Proxy CONNECT aborted", exit 56; absolute-form HTTP: "Empty reply
 *     from server", exit 52). The proxy cannot refuse a TCP connect it has already accepted.</li>
 * <li>{@code connection-closed}: closed with a FIN and no data: after {@code 200 Connection
 *     established} for CONNECT (the tunnel ends at once), or with no response for absolute-form HTTP.</li>
 * <li>{@code connection-reset}: a TCP RST (SO_LINGER 0), after the 200 for CONNECT.</li>
 * </ul>
 */
final class Refusals {
    private Refusals() {}

    static void apply(Channel client, Signal signal) {
        if (signal == Signal.CONNECTION_RESET) {
            Channels.reset(client);
        } else {
            client.close();
        }
    }
}
