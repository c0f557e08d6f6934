package egress.policy.model;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.Tree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lenient mapping from manifests to records: what is badly typed is left out, never guessed. */
final class ModelMapper {
    private ModelMapper() {}

    static ObjectRef ref(Manifest m) {
        return new ObjectRef(m.namespace(), m.name());
    }

    static Egress egress(Manifest m) {
        Map<String, Object> spec = Tree.map(m.content(), "spec");
        List<Egress.Source> sources = new ArrayList<>();
        for (Object o : list(spec, "sources")) {
            if (o instanceof Map<?, ?> s) {
                sources.add(
                        new Egress.Source(str(s, "kind"), str(s, "name"), str(s, "namespace"), mtls(s.get("mtls"))));
            }
        }
        List<Egress.Port> ports = new ArrayList<>();
        for (Object o : list(spec, "ports")) {
            if (o instanceof Map<?, ?> p
                    && p.get("number") instanceof Number n
                    && p.get("protocol") instanceof String proto) {
                long v = n.longValue();
                ports.add(new Egress.Port(v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? -1 : (int) v, proto));
            }
        }
        List<Egress.Match> matches = new ArrayList<>();
        for (Object o : list(spec, "matches")) {
            if (o instanceof Map<?, ?> x) {
                matches.add(new Egress.Match(str(x, "apiGroup"), str(x, "kind"), str(x, "name")));
            }
        }
        return new Egress(
                ref(m),
                spec != null,
                sources,
                strings(list(spec, "hosts")),
                strings(list(spec, "ipAddresses")),
                ports,
                matches);
    }

    private static Egress.Mtls mtls(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            return null;
        }
        Egress.Cert cert = null;
        if (m.get("cert") instanceof Map<?, ?> c) {
            ObjectRef secret =
                    c.get("secret") instanceof Map<?, ?> s ? new ObjectRef(str(s, "namespace"), str(s, "name")) : null;
            Long sn = c.get("sn") instanceof Number n ? n.longValue() : null;
            cert = new Egress.Cert(
                    sn,
                    strings(c.get("subjectAltNames") instanceof List<?> l ? l : List.of()),
                    str(c, "expiration"),
                    secret);
        }
        return new Egress.Mtls(str(m, "issuer"), cert);
    }

    static HttpRouteGroup routeGroup(Manifest m) {
        List<HttpRouteGroup.RouteMatch> matches = new ArrayList<>();
        boolean decodable = true;
        for (Object o : list(Tree.map(m.content(), "spec"), "matches")) {
            if (!(o instanceof Map<?, ?> x)) {
                continue;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            if (x.get("headers") instanceof List<?> hs) {
                for (Object h : hs) {
                    if (h instanceof Map<?, ?> kv) {
                        if (kv.size() != 1) {
                            decodable = false; // SMI SDK: "incorrect length of keyval"
                        }
                        kv.forEach((k, v) -> headers.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
                    }
                }
            } else if (x.get("headers") instanceof Map<?, ?> kv) {
                kv.forEach((k, v) -> headers.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            }
            String path = x.get("pathRegex") instanceof String s ? s : "";
            matches.add(new HttpRouteGroup.RouteMatch(
                    str(x, "name"), path, strings(x.get("methods") instanceof List<?> l ? l : List.of()), headers));
        }
        return new HttpRouteGroup(ref(m), matches, decodable);
    }

    static UpstreamTrafficSetting upstreamTrafficSetting(Manifest m) {
        Map<String, Object> spec = Tree.map(m.content(), "spec");
        return new UpstreamTrafficSetting(
                ref(m), spec == null ? null : str(spec, "host"), spec == null ? Map.of() : spec);
    }

    static MeshConfig meshConfig(Manifest m) {
        Map<String, Object> c = m.content();
        Object policy = Tree.get(c, "spec.featureFlags.enableEgressPolicy");
        Object egress = Tree.get(c, "spec.traffic.enableEgress");
        List<Integer> ports = new ArrayList<>();
        for (Object o : list(Tree.map(c, "spec.traffic"), "outboundPortExclusionList")) {
            if (o instanceof Number n) {
                ports.add(n.intValue());
            }
        }
        Map<String, Object> traffic = Tree.map(c, "spec.traffic");
        return new MeshConfig(
                policy instanceof Boolean b ? b : MeshConfig.DEFAULT.enableEgressPolicy(),
                egress instanceof Boolean b ? b : MeshConfig.DEFAULT.enableEgress(),
                ports,
                strings(list(traffic, "outboundIPRangeExclusionList")),
                strings(list(traffic, "outboundIPRangeInclusionList")));
    }

    static Namespace namespace(Manifest m) {
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Object> l = Tree.map(m.content(), "metadata.labels");
        if (l != null) {
            l.forEach((k, v) -> labels.put(k, v == null ? "" : String.valueOf(v)));
        }
        return new Namespace(m.name(), labels);
    }

    private static List<?> list(Map<?, ?> parent, String key) {
        return parent != null && parent.get(key) instanceof List<?> l ? l : List.of();
    }

    private static String str(Map<?, ?> m, String key) {
        return m.get(key) instanceof String s ? s : null;
    }

    private static List<String> strings(List<?> l) {
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (o instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }
}
