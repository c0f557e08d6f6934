package egress.policy.match;

import egress.policy.model.ObjectRef;

/**
 * The rule of an Egress that decided a request: which port entry, which host, which route match.
 *
 * @param portIndex  the index in {@code spec.ports}
 * @param host       the policy host that matched (http, https), or null
 * @param routeGroup the HTTPRouteGroup whose match admitted the request, or null
 * @param routeMatch the name of that match, or null
 */
public record RuleRef(
        ObjectRef policy,
        int portIndex,
        int port,
        String protocol,
        String host,
        ObjectRef routeGroup,
        String routeMatch) {

    /** The field that holds the rule, for editors to highlight: {@code spec.ports[0]}. */
    public String fieldPath() {
        return "spec.ports[" + portIndex + "]";
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(fieldPath())
                .append(' ')
                .append(port)
                .append('/')
                .append(protocol);
        if (host != null) {
            s.append(", host ").append(host);
        }
        if (routeGroup != null) {
            s.append(", HTTPRouteGroup ").append(routeGroup).append(" match ").append(routeMatch);
        }
        return s.toString();
    }
}
