package egress.policy.match;

import java.util.Arrays;
import java.util.Set;

/**
 * Everything the policies of one port say about one HTTP host: for each policy, in policy order,
 * either "every request" or its list of route matches. Two policies for one host are united. Most hosts have
 * one policy: its grant is held in the fields here, and only the others in an array.
 */
final class HostRoutes {
    private static final Grant[] NONE = new Grant[0];
    static final Decision[] NO_DECISIONS = new Decision[0];
    static final RouteTest[] NO_TESTS = new RouteTest[0];

    /**
     * One policy's share of a host: every request ({@code openDecision}, for the methods in
     * {@code openMethods}, null meaning any), or its route matches.
     */
    record Grant(
            PortRule portRule,
            String host,
            Decision openDecision,
            Set<String> openMethods,
            RouteTest[] routes,
            Decision[] routeDecisions) {
        /** The rule for a refusal's explanation (built when asked: only refusals need it). */
        RuleRef rule() {
            return openDecision != null ? openDecision.rule() : portRule.ref(host);
        }

        Decision admit(EgressRequest r) {
            return HostRoutes.admit(openDecision, openMethods, routes, routeDecisions, r);
        }
    }

    final String host;
    /** The port table that holds this host (what decides a request once the host is found). */
    final PortTable table;
    /** The first grant, inline: its rule (null until one is added), host and decisions. */
    private PortRule portRule;

    private String grantHost;
    private Decision openDecision;
    private Set<String> openMethods;
    private RouteTest[] routes;
    private Decision[] routeDecisions;
    /** The grants after the first, in policy order. */
    private Grant[] more = NONE;
    /**
     * Whether the grants alone decide a request for this host (an osm port with no IP-range chain), so that a
     * decision need not ask the port table first; a refusal is still the table's
     * ({@link OsmPort#refuseHost}).
     */
    boolean byHostAlone;

    HostRoutes(String host, PortTable table) {
        this.host = host;
        this.table = table;
    }

    void add(Grant g) {
        if (portRule == null) {
            portRule = g.portRule;
            grantHost = g.host;
            openDecision = g.openDecision;
            openMethods = g.openMethods;
            routes = g.routes;
            routeDecisions = g.routeDecisions;
            return;
        }
        more = Arrays.copyOf(more, more.length + 1);
        more[more.length - 1] = g;
    }

    /** The grants in policy order (for tests and explanations, not the hot path). */
    java.util.List<Grant> grants() {
        java.util.List<Grant> out = new java.util.ArrayList<>();
        if (portRule != null) {
            out.add(new Grant(portRule, grantHost, openDecision, openMethods, routes, routeDecisions));
        }
        out.addAll(java.util.List.of(more));
        return out;
    }

    /** Whether both have the same grants in the same order. */
    boolean sameGrants(HostRoutes o) {
        return portRule == o.portRule
                && grantHost == o.grantHost
                && openDecision == o.openDecision
                && openMethods == o.openMethods
                && routes == o.routes
                && routeDecisions == o.routeDecisions
                && Arrays.equals(more, o.more);
    }

    /** The decision of the first grant that admits the request, or null when none does. */
    Decision admit(EgressRequest r) {
        Decision d = admit(openDecision, openMethods, routes, routeDecisions, r);
        if (d != null) {
            return d;
        }
        Grant[] gs = more;
        for (int g = 0; g < gs.length; g++) {
            d = gs[g].admit(r);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private static Decision admit(
            Decision open, Set<String> methods, RouteTest[] routes, Decision[] decisions, EgressRequest r) {
        if (open != null) {
            return methods == null || methods.contains(r.method()) ? open : null;
        }
        for (int i = 0; i < routes.length; i++) {
            if (routes[i].matches(r)) {
                return decisions[i];
            }
        }
        return null;
    }

    /**
     * The decision every request for this host gets from its grants, whatever its method, path or headers: the
     * first grant's when it admits every request with any method; else null. (The first grant is tried first.)
     */
    Decision everyRequest() {
        return openDecision != null && openMethods == null ? openDecision : null;
    }

    /** The policy that guards the host (the first one), for a refusal's explanation. */
    RuleRef guard() {
        return new Grant(portRule, grantHost, openDecision, openMethods, routes, routeDecisions).rule();
    }
}
