package egress.policy.match;

import egress.policy.i18n.Message;

/**
 * The destination check on TLS server names, on by default in the enforcer and the simulator: a connection
 * allowed because its server name is a policy host, and sent to its original destination, must really be
 * going to that name. Otherwise {@code -servername httpbin.org} would carry bytes to any address the client
 * picks ({@code CONNECT evil.test:443}, or {@code curl --connect-to}/{@code --resolve}). osm-edge's Envoy
 * does not check this; turning the check off gives its exact behaviour.
 *
 * <p>Each side says what "going to that name" means: in proxy mode the CONNECT host is the server name or an
 * address it resolves to; in transparent mode (and in the simulator, which models a sidecar) the original
 * destination is one of the server name's addresses.
 */
public final class ServerNameCheck {
    private ServerNameCheck() {}

    /** Whether the check applies: a TLS request allowed by a policy host matching its server name, to its original destination. */
    public static boolean applies(EgressRequest r, Decision d) {
        return r.protocol() == AppProtocol.TLS
                && r.sni() != null
                && d.allowed()
                && d.rule() != null
                && d.rule().host() != null
                && d.upstream() != null
                && d.upstream().originalDestination();
    }

    /** The refusal when the destination is not the server name: the connection is closed. */
    public static Decision refusal(String sni, String destination, Decision allowed) {
        return Decision.refused(
                Signal.CONNECTION_CLOSED, Message.of("reason.sni-destination", sni, allowed.policy(), destination));
    }
}
