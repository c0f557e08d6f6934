package egress.policy.model;

import egress.policy.yaml.Manifest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A set of manifests as the product sees them: the kinds it models, mapped to records, and every
 * manifest as it was written (unknown kinds included) so nothing is lost on the way back out.
 */
public record PolicySet(
        List<Manifest> manifests,
        List<Egress> egresses,
        List<HttpRouteGroup> routeGroups,
        List<UpstreamTrafficSetting> upstreamTrafficSettings,
        List<Namespace> namespaces,
        List<ObjectRef> serviceAccounts,
        List<ObjectRef> services,
        Optional<MeshConfig> meshConfig) {

    public PolicySet {
        manifests = List.copyOf(manifests);
        egresses = List.copyOf(egresses);
        routeGroups = List.copyOf(routeGroups);
        upstreamTrafficSettings = List.copyOf(upstreamTrafficSettings);
        namespaces = List.copyOf(namespaces);
        serviceAccounts = List.copyOf(serviceAccounts);
        services = List.copyOf(services);
    }

    public static PolicySet empty() {
        return of(List.of());
    }

    /** Maps manifests to the model. Badly typed fields are skipped here; admission reports them. */
    public static PolicySet of(List<Manifest> manifests) {
        List<Egress> egresses = new ArrayList<>();
        List<HttpRouteGroup> groups = new ArrayList<>();
        List<UpstreamTrafficSetting> settings = new ArrayList<>();
        List<Namespace> namespaces = new ArrayList<>();
        List<ObjectRef> accounts = new ArrayList<>();
        List<ObjectRef> services = new ArrayList<>();
        MeshConfig mesh = null;
        for (Manifest m : manifests) {
            String kind = m.kind() == null ? "" : m.kind();
            String group = m.group() == null ? "" : m.group();
            switch (kind) {
                case "Egress" -> {
                    if (group.equals(Crd.EGRESS.group())) {
                        egresses.add(ModelMapper.egress(m));
                    }
                }
                case "HTTPRouteGroup" -> {
                    if (group.equals(Crd.HTTP_ROUTE_GROUP.group())) {
                        groups.add(ModelMapper.routeGroup(m));
                    }
                }
                case "UpstreamTrafficSetting" -> settings.add(ModelMapper.upstreamTrafficSetting(m));
                case "MeshConfig" -> mesh = ModelMapper.meshConfig(m);
                case "Namespace" -> namespaces.add(ModelMapper.namespace(m));
                case "ServiceAccount" -> accounts.add(ModelMapper.ref(m));
                case "Service" -> services.add(ModelMapper.ref(m));
                default -> {}
            }
        }
        return new PolicySet(
                manifests, egresses, groups, settings, namespaces, accounts, services, Optional.ofNullable(mesh));
    }

    /** The route groups by namespace/name; the last one written wins, as a later apply would. */
    public Map<ObjectRef, HttpRouteGroup> routeGroupsByRef() {
        Map<ObjectRef, HttpRouteGroup> byRef = new HashMap<>();
        routeGroups.forEach(g -> byRef.put(g.ref(), g));
        return byRef;
    }

    public MeshConfig meshConfigOrDefault() {
        return meshConfig.orElse(MeshConfig.DEFAULT);
    }
}
