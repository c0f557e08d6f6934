package egress.enforcer.netty;

import egress.policy.match.CompiledPolicySet;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.match.ServerNameCheck;
import egress.policy.match.Signal;
import egress.policy.match.Upstream;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way from a decision to an upstream, for HTTP requests and tunnels alike. In order:
 * <ol>
 * <li>a decision that names no upstream is refused; nothing is ever sent to a destination the client chose
 *     unless the decision says original destination. pipy's https round-robin over several policy hosts
 *     ({@link Decision#roundRobin}) goes to those hosts in turn, as pipy does;</li>
 * <li>the upstream is resolved (only now: a refused name is never looked up);</li>
 * <li>a TLS connection allowed by its server name must be going to that name ({@link ServerNameCheck},
 *     unless {@code --sni-destination-check off});</li>
 * <li>{@link UpstreamGuard}: never the enforcer's own listeners, special addresses only when named.</li>
 * </ol>
 * A refusal from these steps is a decision of its own ({@link Decision#refused}), logged and counted as such.
 */
final class UpstreamRoute {
    private static final AtomicInteger TURN = new AtomicInteger();

    private UpstreamRoute() {}

    /** Where to connect ({@code to}, whose address is null when it did not resolve), or the refusal. */
    record Outcome(Destination to, Decision refusal) {}

    /**
     * The decision for a request (built by {@link Destination#at}, so an IPv6 destination is decided as itself,
     * against IPv6 ranges).
     */
    static Decision decide(
            ProxyContext context, CompiledPolicySet policies, Destination dest, EgressRequest r, Signal refusalSignal) {
        return policies.decide(r);
    }

    static CompletableFuture<Outcome> of(
            ProxyContext context,
            CompiledPolicySet policies,
            Destination requested,
            EgressRequest request,
            Decision d,
            Signal refusalSignal) {
        Upstream up = upstream(d);
        boolean checkName = context.sniDestinationCheck() && ServerNameCheck.applies(request, d);
        Outcome now = now(context, policies, requested, request, d, refusalSignal, up, checkName);
        if (now != null) {
            return CompletableFuture.completedFuture(now);
        }
        return target(context, requested, up).resolved(context).thenCompose(to -> {
            CompletableFuture<Boolean> nameOk =
                    checkName ? goesTo(context, requested, request.sni()) : CompletableFuture.completedFuture(true);
            return nameOk.thenApply(
                    ok -> ok ? guarded(context, policies, d, refusalSignal, to) : nameRefused(requested, request, d));
        });
    }

    /**
     * The outcome when it is known at once, without a lookup: the decision names no upstream ({@code up} null), or
     * its address is a literal or in the resolver's cache and no server name is to be checked (the usual request on
     * a kept connection); else null, and {@link #of} goes on with futures. The same steps either way.
     */
    private static Outcome now(
            ProxyContext context,
            CompiledPolicySet policies,
            Destination requested,
            EgressRequest request,
            Decision d,
            Signal refusalSignal,
            Upstream up,
            boolean checkName) {
        if (up == null) {
            return new Outcome(
                    null,
                    Decision.refused(
                            refusalSignal,
                            "the decision names no upstream (" + d.reason() + "); the enforcer does not send it to "
                                    + requested.authority() + ", the destination the client chose"));
        }
        if (checkName) {
            return null; // the name's addresses are looked up to check it
        }
        Destination to = target(context, requested, up).resolvedNow(context);
        return to == null ? null : guarded(context, policies, d, refusalSignal, to);
    }

    /** The upstream the decision names: its own, or pipy's next of a round-robin; null when it names none. */
    private static Upstream upstream(Decision d) {
        Upstream up = d.upstream();
        if (up == null && !d.roundRobin().isEmpty()) {
            up = d.roundRobin()
                    .get(Math.floorMod(TURN.getAndIncrement(), d.roundRobin().size()));
        }
        return up;
    }

    /** Where {@code up} is, before resolving: the requested destination itself, or the upstream's name. */
    private static Destination target(ProxyContext context, Destination requested, Upstream up) {
        if (up.originalDestination()) {
            return requested;
        }
        if (requested.original() != null
                && up.host().equalsIgnoreCase(requested.host())
                && up.port() == requested.port()) {
            // transparent mode: the pod already resolved the name it asked for (the enforcer may not share its DNS)
            return requested;
        }
        return Destination.requested(context, up.host(), up.port());
    }

    /** Step 3's refusal: the server name does not lead where the client's destination does. */
    private static Outcome nameRefused(Destination requested, EgressRequest request, Decision d) {
        String where = requested.original() != null ? requested.ipText() : requested.host();
        return new Outcome(null, ServerNameCheck.refusal(request.sni(), where, d));
    }

    /** Step 4 on the resolved {@code to}, once the server name, if checked, has passed. */
    private static Outcome guarded(
            ProxyContext context, CompiledPolicySet policies, Decision d, Signal refusalSignal, Destination to) {
        String why = UpstreamGuard.refusal(context, policies, d, to);
        return why == null ? new Outcome(to, null) : new Outcome(null, Decision.refused(refusalSignal, why));
    }

    /**
     * Report-only: where a connection goes that {@code refused} (a refusal of the policies, or of steps 1 and 3
     * above) would have refused: the destination the client asked for (proxy mode: the URI's or CONNECT's host and
     * port; transparent mode: the original destination), through the hosts table and then DNS, as an
     * original-destination allow goes. {@link UpstreamGuard} then judges it as a decision that names nothing: never
     * the enforcer's own listeners, and a special address only when {@code --connect-to} maps the name there. A
     * destination that does not resolve is not forwarded anywhere: {@code refused} is carried out.
     */
    static CompletableFuture<Outcome> reportOnly(
            ProxyContext context,
            CompiledPolicySet policies,
            Destination requested,
            Decision refused,
            Signal refusalSignal) {
        return requested.resolved(context).thenApply(to -> {
            if (to.address() == null) {
                return new Outcome(null, refused);
            }
            Decision namesNothing = Decision.refused(refusalSignal, "report-only");
            String why = UpstreamGuard.refusal(context, policies, namesNothing, to);
            return why == null ? new Outcome(to, null) : new Outcome(null, Decision.refused(refusalSignal, why));
        });
    }

    /**
     * Whether a connection is going to the server name: in proxy mode the CONNECT host is the name, or an IP
     * literal among the name's addresses; in transparent mode the original destination is among them. The
     * name's addresses are those of its hosts-table target (so {@code --connect-to} mappings count).
     */
    static CompletableFuture<Boolean> goesTo(ProxyContext context, Destination requested, String sni) {
        String name = trimDot(sni);
        InetAddress dest;
        if (requested.original() == null) {
            if (trimDot(requested.host()).equalsIgnoreCase(name)) {
                return CompletableFuture.completedFuture(true);
            }
            dest = DestinationResolver.literal(requested.host());
            if (dest == null) {
                return CompletableFuture.completedFuture(false);
            }
        } else {
            dest = requested.original().getAddress();
        }
        String address = context.hosts()
                .lookup(name.toLowerCase(Locale.ROOT), requested.port())
                .address();
        return context.resolver()
                .resolveAll(address)
                .handle((all, error) -> error == null && Arrays.asList(all).contains(dest));
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
