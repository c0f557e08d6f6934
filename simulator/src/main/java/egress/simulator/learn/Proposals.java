package egress.simulator.learn;

import egress.policy.match.Cidr;
import egress.policy.match.Ipv4;
import egress.policy.model.Egress;
import egress.policy.model.Engine;
import egress.policy.model.HttpRouteGroup;
import egress.policy.model.Identity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns {@link Observations} into the fewest Egress and HTTPRouteGroup objects that allow them: per
 * client identity, HTTP by host and port (hosts merged where port and routes agree), HTTPS by server
 * name and port, TCP by port and addresses (/32 each, or the /N around each with a wider prefix).
 * TLS without a server name, every TLS connection under pipy (which does not check the server name,
 * lint EGR333), is learned as TCP by address; everything on a port where server-first TCP was seen
 * (osm sniffs nothing there, and a port takes one TCP protocol) as server-first TCP by address.
 */
final class Proposals {
    private final Engine engine;
    private final RouteMode routes;
    private final int tcpPrefix;
    /** HTTP destinations that must keep exact routes, so refused requests there stay refused. */
    private final Set<Observations.HttpKey> exact;

    private final Map<String, Integer> names = new HashMap<>();
    private final List<Proposal> out = new ArrayList<>();

    Proposals(Engine engine, RouteMode routes, int tcpPrefix, Set<Observations.HttpKey> exact) {
        this.engine = engine;
        this.routes = routes;
        this.tcpPrefix = tcpPrefix;
        this.exact = exact;
    }

    List<Proposal> build(Observations o) {
        // a server-first port is not sniffed (osm) and takes one protocol (EGR303): whatever else goes there
        // is learned with it, as server-first TCP by address
        Set<Observations.TcpKey> serverFirst = new HashSet<>();
        o.tcp.keySet().stream().filter(Observations.TcpKey::serverFirst).forEach(serverFirst::add);
        Map<Observations.TcpKey, Observations.AddressDest> tcp = new HashMap<>();
        Map<Observations.HttpKey, Observations.HttpDest> http = new HashMap<>();
        o.http.forEach((k, d) -> {
            Observations.TcpKey asTcp = new Observations.TcpKey(k.id(), k.port(), true);
            if (serverFirst.contains(asTcp)) {
                Observations.AddressDest t = new Observations.AddressDest();
                t.seen.add(d.seen);
                t.ips.putAll(d.ips);
                addTo(tcp, asTcp, t);
            } else {
                http.put(k, d);
            }
        });
        http(http);
        o.tcp.forEach((k, d) -> addTo(
                tcp,
                new Observations.TcpKey(
                        k.id(), k.port(), serverFirst.contains(new Observations.TcpKey(k.id(), k.port(), true))),
                d));
        Map<Identity, Map<Integer, TreeMap<String, Seen>>> sni = new TreeMap<>(Proposals::compare);
        o.tls.forEach((k, d) -> {
            boolean onServerFirst = serverFirst.contains(new Observations.TcpKey(k.id(), k.port(), true));
            if (k.sni() == null || engine == Engine.PIPY || onServerFirst) {
                addTo(tcp, new Observations.TcpKey(k.id(), k.port(), onServerFirst), d);
            } else {
                sni.computeIfAbsent(k.id(), x -> new TreeMap<>())
                        .computeIfAbsent(k.port(), x -> new TreeMap<>())
                        .put(k.sni(), d.seen);
            }
        });
        sni.forEach((id, ports) -> ports.forEach((port, hosts) -> {
            Seen all = new Seen();
            hosts.values().forEach(all::add);
            String name = name(id, "https", port, hosts.firstKey(), hosts.size());
            Map<String, Object> spec = spec(id);
            spec.put("hosts", new ArrayList<>(hosts.keySet()));
            spec.put("ports", List.of(port(port, "https")));
            out.add(new Proposal(
                    id.namespace(),
                    name,
                    comment("HTTPS by server name", all, hosts),
                    egress(id, name, spec),
                    List.of(),
                    null));
        }));
        tcp(tcp);
        out.sort(java.util.Comparator.comparing(Proposal::file));
        return out;
    }

    private void http(Map<Observations.HttpKey, Observations.HttpDest> observed) {
        // (identity, port, routes) -> hosts
        record Group(Identity id, int port, String signature) {}
        Map<Group, TreeMap<String, Seen>> hosts = new LinkedHashMap<>();
        Map<Group, List<Routes.Route>> routesOf = new HashMap<>();
        List<Observations.HttpKey> keys = new ArrayList<>(observed.keySet());
        keys.sort((a, b) -> {
            int c = compare(a.id(), b.id());
            return c != 0
                    ? c
                    : a.port() != b.port()
                            ? Integer.compare(a.port(), b.port())
                            : a.host().compareTo(b.host());
        });
        for (Observations.HttpKey k : keys) {
            Observations.HttpDest d = observed.get(k);
            RouteMode mode = exact.contains(k) ? RouteMode.EXACT : routes;
            List<Routes.Route> rs = Routes.of(d.paths, mode);
            StringBuilder sig = new StringBuilder();
            for (Routes.Route r : rs) {
                sig.append(r.regex(engine)).append(' ').append(r.methods()).append('\n');
            }
            Group g = new Group(k.id(), k.port(), sig.toString());
            hosts.computeIfAbsent(g, x -> new TreeMap<>()).put(k.host(), d.seen);
            List<Routes.Route> prev = routesOf.get(g);
            if (prev == null) {
                routesOf.put(g, rs);
            } else {
                for (int i = 0; i < rs.size(); i++) { // the same matches: add up what justified them
                    prev.get(i).seen().add(rs.get(i).seen());
                }
            }
        }
        hosts.forEach((g, hs) -> {
            Seen all = new Seen();
            hs.values().forEach(all::add);
            String name = name(g.id(), "http", g.port(), hs.firstKey(), hs.size());
            Map<String, Object> spec = spec(g.id());
            spec.put("hosts", new ArrayList<>(hs.keySet()));
            spec.put("ports", List.of(port(g.port(), "http")));
            List<Routes.Route> rs = routesOf.get(g);
            Map<String, Object> group = null;
            List<String> groupComment = List.of();
            if (!rs.isEmpty()) {
                String groupName = name + "-routes";
                Map<String, Object> ref = new LinkedHashMap<>();
                ref.put("apiGroup", HttpRouteGroup.API_VERSION);
                ref.put("kind", HttpRouteGroup.KIND);
                ref.put("name", groupName);
                spec.put("matches", List.of(ref));
                List<Map<String, Object>> matches = new ArrayList<>();
                groupComment = new ArrayList<>();
                groupComment.add(
                        "Learned by egress learn: the paths " + g.id() + " used on " + String.join(", ", hs.keySet())
                                + " port " + g.port() + " (--routes "
                                + (exact.contains(new Observations.HttpKey(g.id(), g.port(), hs.firstKey()))
                                        ? "exact, since refused requests went there"
                                        : routes.name().toLowerCase(Locale.ROOT))
                                + ")");
                int i = 0;
                for (Routes.Route r : rs) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", "path-" + (++i));
                    m.put("pathRegex", r.regex(engine));
                    m.put("methods", new ArrayList<>(r.methods()));
                    matches.add(m);
                    groupComment.add("  path-" + i + ": " + r.display() + " " + r.methods()
                            + (r.prefix()
                                    ? " (" + r.paths() + (r.paths() == 1 ? " path" : " paths") + " under it)"
                                    : "")
                            + ": "
                            + r.seen().describe());
                }
                group = new LinkedHashMap<>();
                group.put("apiVersion", HttpRouteGroup.API_VERSION);
                group.put("kind", HttpRouteGroup.KIND);
                group.put("metadata", metadata(g.id(), groupName));
                group.put("spec", Map.of("matches", matches));
            }
            out.add(new Proposal(
                    g.id().namespace(),
                    name,
                    comment("HTTP by host", all, hs),
                    egress(g.id(), name, spec),
                    groupComment,
                    group));
        });
    }

    private void tcp(Map<Observations.TcpKey, Observations.AddressDest> tcp) {
        List<Observations.TcpKey> keys = new ArrayList<>(tcp.keySet());
        keys.sort((a, b) -> {
            int c = compare(a.id(), b.id());
            return c != 0
                    ? c
                    : a.port() != b.port()
                            ? Integer.compare(a.port(), b.port())
                            : Boolean.compare(a.serverFirst(), b.serverFirst());
        });
        for (Observations.TcpKey k : keys) {
            Observations.AddressDest d = tcp.get(k);
            List<Cidr> order = new ArrayList<>();
            Map<String, Seen> byRange = new HashMap<>();
            d.ips.forEach((ip, s) -> {
                Cidr c = new Cidr(ip, tcpPrefix);
                if (!byRange.containsKey(c.toString())) {
                    order.add(c);
                }
                byRange.computeIfAbsent(c.toString(), x -> new Seen()).add(s);
            });
            order.sort((a, b) -> Integer.compareUnsigned(a.network(), b.network()));
            String protocol = k.serverFirst() ? "tcp-server-first" : "tcp";
            String name = name(
                    k.id(),
                    protocol.equals("tcp") ? "tcp" : "tcp-sf",
                    k.port(),
                    Ipv4.format(order.get(0).network()),
                    order.size());
            Map<String, Object> spec = spec(k.id());
            spec.put("ipAddresses", order.stream().map(Cidr::toString).toList());
            spec.put("ports", List.of(port(k.port(), protocol)));
            LinkedHashMap<String, Seen> shown = new LinkedHashMap<>();
            order.forEach(c -> shown.put(c.toString(), byRange.get(c.toString())));
            out.add(new Proposal(
                    k.id().namespace(),
                    name,
                    comment(
                            "TCP by address" + (tcpPrefix < 32 ? " (/" + tcpPrefix + " around each)" : ""),
                            d.seen,
                            shown),
                    egress(k.id(), name, spec),
                    List.of(),
                    null));
        }
    }

    private static List<String> comment(String what, Seen all, Map<String, Seen> parts) {
        List<String> lines = new ArrayList<>();
        lines.add("Learned by egress learn (" + what + ") from " + all.describe());
        int shown = 0;
        for (Map.Entry<String, Seen> e : parts.entrySet()) {
            if (++shown > 20) {
                lines.add("  ... and " + (parts.size() - 20) + " more");
                break;
            }
            lines.add("  " + e.getKey() + ": " + e.getValue().describe());
        }
        return lines;
    }

    private static Map<String, Object> spec(Identity id) {
        Map<String, Object> spec = new LinkedHashMap<>();
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("kind", "ServiceAccount");
        source.put("name", id.name());
        source.put("namespace", id.namespace());
        spec.put("sources", List.of(source));
        return spec;
    }

    private static Map<String, Object> port(int number, String protocol) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("number", number);
        p.put("protocol", protocol);
        return p;
    }

    private static Map<String, Object> metadata(Identity id, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("namespace", id.namespace());
        return m;
    }

    private static Map<String, Object> egress(Identity id, String name, Map<String, Object> spec) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("apiVersion", Egress.API_VERSION);
        e.put("kind", Egress.KIND);
        e.put("metadata", metadata(id, name));
        e.put("spec", spec);
        return e;
    }

    /** {@code sa-proto-port-first-host[-and-N-more]}, a DNS label of at most 63 characters, unique in its namespace. */
    private String name(Identity id, String protocol, int port, String first, int count) {
        String label = clean(id.name()) + "-" + protocol + "-" + port + "-" + clean(first);
        String more = count > 1 ? "-and-" + (count - 1) + "-more" : "";
        int room = 63 - more.length() - 6 - "-routes".length();
        if (label.length() > room) {
            label = label.substring(0, room).replaceAll("-+$", "");
        }
        String base = label + more;
        int n = names.merge(id.namespace() + "/" + base, 1, Integer::sum);
        return n == 1 ? base : base + "-" + n;
    }

    private static String clean(String s) {
        String c = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return c.isEmpty() ? "x" : c;
    }

    static int compare(Identity a, Identity b) {
        int c = a.namespace().compareTo(b.namespace());
        return c != 0 ? c : a.name().compareTo(b.name());
    }

    /** Adds what was seen at {@code d} to a copy in {@code tcp}, leaving the observations as they are. */
    private static void addTo(
            Map<Observations.TcpKey, Observations.AddressDest> tcp, Observations.TcpKey k, Observations.AddressDest d) {
        Observations.AddressDest t = tcp.computeIfAbsent(k, x -> new Observations.AddressDest());
        t.seen.add(d.seen);
        d.ips.forEach((ip, s) -> t.ips.computeIfAbsent(ip, x -> new Seen()).add(s));
    }
}
