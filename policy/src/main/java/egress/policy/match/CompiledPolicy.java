package egress.policy.match;

import egress.policy.i18n.Message;
import egress.policy.model.Egress;
import egress.policy.model.Engine;
import egress.policy.model.HttpRouteGroup;
import egress.policy.model.ObjectRef;
import egress.policy.model.UpstreamTrafficSetting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Egress as the controller turns it into rules: its valid IP ranges, its resolved route matches,
 * or the reason the whole policy is ignored.
 */
final class CompiledPolicy implements CidrIndex.Ordered {
    final Egress egress;
    final ObjectRef ref;
    final int order;
    /** The ranges of the entries Go accepts, IPv4 and IPv6 apart (each decides destinations of its family). */
    final IpRanges ranges;
    /**
     * Whether the destination IP is restricted: some entry is one Go accepts. False when none were given or
     * Go rejects every one (R4: dropped, so every IP matches).
     */
    final boolean ranged;
    /** null when the policy has no HTTPRouteGroup match (every request is allowed); else its routes. */
    final List<CompiledRoute> routes;
    /** Why the controller ignores the whole policy, or null. */
    final Message ignoredBecause;

    private CompiledPolicy(
            Egress egress, int order, IpRanges ranges, boolean ranged, List<CompiledRoute> routes, Message ignored) {
        this.egress = egress;
        this.ref = egress.ref();
        this.order = order;
        this.ranges = ranges;
        this.ranged = ranged;
        this.routes = routes;
        this.ignoredBecause = ignored;
    }

    static CompiledPolicy of(
            Egress e,
            int order,
            Engine engine,
            MeshScope scope,
            Map<ObjectRef, HttpRouteGroup> groups,
            Set<ObjectRef> settings,
            Compilation compilation) {
        Message ignored = null;
        if (!scope.monitors(e.ref().namespace())) {
            ignored = Message.of("ignored.not-monitored", e.ref().namespace());
        } else if (!e.hasSpec()) {
            ignored = Message.of("ignored.no-spec");
        }
        List<CompiledRoute> routes = null;
        for (Egress.Match m : e.matches()) {
            ObjectRef target = new ObjectRef(e.ref().namespace(), m.name());
            if (m.isUpstreamTrafficSetting() && !settings.contains(target) && ignored == null) {
                ignored = Message.of("ignored.setting-missing", target);
            }
            if (m.isRouteGroup()) {
                if (routes == null) {
                    routes = new ArrayList<>();
                }
                HttpRouteGroup g = groups.get(target);
                if (g != null && g.decodable() && scope.monitors(target.namespace())) {
                    for (HttpRouteGroup.RouteMatch rm : g.matches()) {
                        routes.add(new CompiledRoute(engine, g.ref(), rm, compilation.regexes, compilation));
                    }
                }
            }
        }
        IpRanges ranges = IpRanges.of(e.ipAddresses()); // R4: what Go rejects is dropped
        return new CompiledPolicy(
                e, order, ranges, !ranges.isEmpty(), routes == null ? null : List.copyOf(routes), ignored);
    }

    static Set<ObjectRef> settingRefs(List<UpstreamTrafficSetting> settings) {
        Set<ObjectRef> refs = new java.util.HashSet<>();
        settings.forEach(s -> refs.add(s.ref()));
        return refs;
    }

    @Override
    public int order() {
        return order;
    }

    /** Whether the policy's ranges hold the request's destination (true when it has none). */
    boolean containsIp(EgressRequest r) {
        return !ranged || ranges.contains(r);
    }
}
