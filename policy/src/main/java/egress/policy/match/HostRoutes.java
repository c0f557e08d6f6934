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
    static final RouteTest[] NO_TESTS = new RouteTest[0];
    /** The route list of a grant with no route matches. */
    static final Object[] NO_ROUTES = {NO_TESTS};

    /**
     * One policy's share of a host: every request ({@code openDecision}, for the methods in
     * {@code openMethods}, null meaning any), or its route matches: {@code routes} is a route list (see
     * {@link #routeList}).
     */
    record Grant(PortRule portRule, String host, Decision openDecision, Set<String> openMethods, Object[] routes) {
        /** The rule for a refusal's explanation (built when asked: only refusals need it). */
        RuleRef rule() {
            return openDecision != null ? openDecision.rule() : portRule.ref(host);
        }

        Decision admit(EgressRequest r) {
            return HostRoutes.admit(openDecision, openMethods, routes, r);
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
    private Object[] routes;
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
            return;
        }
        more = Arrays.copyOf(more, more.length + 1);
        more[more.length - 1] = g;
    }

    /** The grants in policy order (for tests and explanations, not the hot path). */
    java.util.List<Grant> grants() {
        java.util.List<Grant> out = new java.util.ArrayList<>();
        if (portRule != null) {
            out.add(new Grant(portRule, grantHost, openDecision, openMethods, routes));
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
                && Arrays.equals(more, o.more);
    }

    /** The decision of the first grant that admits the request, or null when none does. */
    Decision admit(EgressRequest r) {
        Decision d = admit(openDecision, openMethods, routes, r);
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

    private static Decision admit(Decision open, Set<String> methods, Object[] routes, EgressRequest r) {
        if (open != null) {
            return methods == null || methods.contains(r.method()) ? open : null;
        }
        return firstRoute(routes, r);
    }

    /**
     * A grant's route matches and their decisions in one array: the tests ({@code RouteTest[]}, shared by equal
     * lists of matches) first, then the decision of each. One array rather than two, so a route-group decision
     * reads one line for both the tests and the decision it returns.
     */
    static Object[] routeList(RouteTest[] tests, Decision[] decisions) {
        Object[] list = new Object[1 + decisions.length];
        list[0] = tests;
        System.arraycopy(decisions, 0, list, 1, decisions.length);
        return list;
    }

    /** The decision of the first route of a {@link #routeList} that matches the request, or null. */
    static Decision firstRoute(Object[] routes, EgressRequest r) {
        RouteTest[] tests = (RouteTest[]) routes[0];
        for (int i = 0; i < tests.length; i++) {
            if (tests[i].matches(r)) {
                return (Decision) routes[i + 1];
            }
        }
        return null;
    }

    /**
     * The route list of the only grant, when there is one and it has route matches (no grant that admits every
     * request): then {@link #admit} is {@link #firstRoute} over it. Else null.
     */
    Object[] soleRouteList() {
        return portRule != null && openDecision == null && more.length == 0 ? routes : null;
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
        return new Grant(portRule, grantHost, openDecision, openMethods, routes).rule();
    }
}
