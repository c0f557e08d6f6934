package egress.policy.match;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the policies of one port say about one HTTP host: for each policy, in policy order,
 * either "every request" or its list of route matches. Two policies for one host are united.
 */
final class HostRoutes {
    /**
     * One policy's share of a host: every request ({@code openDecision}, for the methods in
     * {@code openMethods}, null meaning any), or its route matches.
     */
    record Grant(RuleRef rule, Decision openDecision, java.util.Set<String> openMethods, List<CompiledRoute> routes,
                 List<Decision> routeDecisions) {
    }

    final String host;
    private final List<Grant> grants = new ArrayList<>();

    HostRoutes(String host) {
        this.host = host;
    }

    void add(Grant g) {
        grants.add(g);
    }

    List<Grant> grants() {
        return grants;
    }

    /** The decision of the first grant that admits the request, or null when none does. */
    Decision admit(EgressRequest r) {
        for (int g = 0; g < grants.size(); g++) {
            Grant grant = grants.get(g);
            if (grant.openDecision != null) {
                if (grant.openMethods == null || grant.openMethods.contains(r.method())) {
                    return grant.openDecision;
                }
                continue;
            }
            List<CompiledRoute> routes = grant.routes;
            for (int i = 0; i < routes.size(); i++) {
                if (routes.get(i).matches(r)) {
                    return grant.routeDecisions.get(i);
                }
            }
        }
        return null;
    }

    /** The policy that guards the host (the first one), for a refusal's explanation. */
    RuleRef guard() {
        return grants.get(0).rule;
    }
}
