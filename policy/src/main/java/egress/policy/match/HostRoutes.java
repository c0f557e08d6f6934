package egress.policy.match;

import java.util.Arrays;

/**
 * Everything the policies of one port say about one HTTP host: for each policy, in policy order,
 * either "every request" or its list of route matches. Two policies for one host are united.
 */
final class HostRoutes {
    private static final Grant[] NONE = new Grant[0];

    /**
     * One policy's share of a host: every request ({@code openDecision}, for the methods in
     * {@code openMethods}, null meaning any), or its route matches.
     */
    record Grant(RuleRef rule, Decision openDecision, java.util.Set<String> openMethods, CompiledRoute[] routes,
                 Decision[] routeDecisions) {
    }

    final String host;
    /** The port table that holds this host (what decides a request once the host is found). */
    final PortTable table;
    private Grant[] grants = NONE;

    HostRoutes(String host, PortTable table) {
        this.host = host;
        this.table = table;
    }

    void add(Grant g) {
        grants = Arrays.copyOf(grants, grants.length + 1);
        grants[grants.length - 1] = g;
    }

    /** Whether both have the same grants in the same order. */
    boolean sameGrants(HostRoutes o) {
        return Arrays.equals(grants, o.grants);
    }

    /** The decision of the first grant that admits the request, or null when none does. */
    Decision admit(EgressRequest r) {
        Grant[] gs = grants;
        for (int g = 0; g < gs.length; g++) {
            Grant grant = gs[g];
            if (grant.openDecision != null) {
                if (grant.openMethods == null || grant.openMethods.contains(r.method())) {
                    return grant.openDecision;
                }
                continue;
            }
            CompiledRoute[] routes = grant.routes;
            for (int i = 0; i < routes.length; i++) {
                if (routes[i].matches(r)) {
                    return grant.routeDecisions[i];
                }
            }
        }
        return null;
    }

    /** The policy that guards the host (the first one), for a refusal's explanation. */
    RuleRef guard() {
        return grants[0].rule;
    }
}
