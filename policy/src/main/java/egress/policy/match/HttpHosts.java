package egress.policy.match;

import egress.policy.model.Engine;
import egress.policy.model.Identity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP hosts of one port: each policy host answers to {@code host} and {@code host:port}.
 * Under {@code osm} (Envoy virtual hosts) names compare case-insensitively and a leading or trailing
 * {@code *} is a suffix or prefix wildcard, exact names winning over wildcards and longer wildcards
 * over shorter ones; under {@code pipy} the Host header must equal a name exactly. Exact names live in
 * the compiled set's {@link HostIndex} (one table for every client and port); wildcards stay here.
 */
final class HttpHosts {
    private record Wildcard(String fixed, HostRoutes routes) {}

    private static final Wildcard[] NONE = new Wildcard[0];

    private final boolean envoy;
    private final Identity client;
    private final int port;
    private final HostIndex index;
    private final Wildcard[] suffixes;
    private final Wildcard[] prefixes;
    private final HostRoutes any;

    /**
     * Every name a request may send ({@code h} and {@code h:port} for each policy host) gets the grants of
     * every policy that answers to it, in policy order: two policies whose hosts meet in one name (the same
     * host, or {@code h:80} written out as a host) are united, as the product decides for duplicates.
     */
    /**
     * @param byHostAlone whether the port decides an HTTP request for an exact policy host by that host's grants
     *     alone (no chain with IP ranges can take it first): then a host whose grants admit every request is
     *     indexed with that decision
     */
    HttpHosts(
            Engine engine,
            Identity client,
            int port,
            List<PortRule> rules,
            PortTable table,
            boolean byHostAlone,
            Compilation c) {
        this.envoy = engine == Engine.OSM;
        this.client = client;
        this.port = port;
        this.index = c.hosts;
        Map<String, HostRoutes> exact = new LinkedHashMap<>();
        Map<String, HostRoutes> suffixIndex = new LinkedHashMap<>();
        Map<String, HostRoutes> prefixIndex = new LinkedHashMap<>();
        HostRoutes anyHost = null;
        for (PortRule rule : rules) {
            for (String host : rule.policy().egress.hosts()) {
                HostRoutes.Grant g = grant(rule, host, port, envoy ? null : CompiledRoute.PIPY_WILDCARD_METHODS, c);
                String key = envoy ? host.toLowerCase(Locale.ROOT) : host;
                if (envoy && key.equals("*")) {
                    if (anyHost == null) {
                        anyHost = new HostRoutes(host, table);
                    }
                    anyHost.add(g);
                    // its second domain, "*:port", is a suffix wildcard to Envoy, so it beats prefix wildcards
                    add(suffixIndex, ":" + port, host, g, table);
                } else if (envoy && key.startsWith("*")) {
                    add(suffixIndex, key.substring(1), host, g, table);
                    add(suffixIndex, key.substring(1) + ":" + port, host, g, table);
                } else if (envoy && key.endsWith("*")) {
                    add(prefixIndex, key.substring(0, key.length() - 1), host, g, table);
                } else {
                    add(exact, key, host, g, table);
                    add(exact, key + ":" + port, host, g, table);
                }
            }
        }
        // "h:port" needs no entry of its own when it has the grants of "h": the entry of "h" answers to both
        String suffix = ":" + port;
        java.util.Set<String> absorbed = new java.util.HashSet<>();
        exact.forEach((key, hr) -> {
            HostRoutes base = key.endsWith(suffix) ? exact.get(key.substring(0, key.length() - suffix.length())) : null;
            if (base != null && base.sameGrants(hr)) {
                absorbed.add(key);
            }
        });
        exact.forEach((key, hr) -> {
            if (!absorbed.contains(key)) {
                hr.byHostAlone = byHostAlone && envoy;
                Decision every = byHostAlone ? hr.everyRequest() : null;
                index.put(client, port, c.intern(key), absorbed.contains(key + suffix), every != null ? every : hr);
            }
        });
        this.suffixes = sorted(suffixIndex);
        this.prefixes = sorted(prefixIndex);
        this.any = anyHost;
    }

    private static Wildcard[] sorted(Map<String, HostRoutes> index) {
        if (index.isEmpty()) {
            return NONE;
        }
        List<Wildcard> out = new ArrayList<>();
        index.forEach((fixed, hr) -> out.add(new Wildcard(fixed, hr)));
        out.sort(Comparator.comparingInt((Wildcard w) -> w.fixed.length()).reversed());
        return out.toArray(NONE);
    }

    private static void add(
            Map<String, HostRoutes> index, String key, String host, HostRoutes.Grant g, PortTable table) {
        index.computeIfAbsent(key, k -> new HostRoutes(host, table)).add(g);
    }

    /** @param anyMethod what "any method" means to the engine: null for every method */
    private static HostRoutes.Grant grant(
            PortRule rule, String host, int port, java.util.Set<String> anyMethod, Compilation c) {
        CompiledPolicy p = rule.policy();
        Upstream upstream = c.upstream(host, port);
        if (p.routes == null) {
            RuleRef ref = rule.ref(host);
            return new HostRoutes.Grant(
                    rule, host, Decision.allowHttpHost(ref, upstream), anyMethod, HostRoutes.NO_ROUTES);
        }
        CompiledRoute[] routes = p.routes.toArray(CompiledRoute.NONE);
        RouteTest[] tests = c.routeTests(p.routes);
        Decision[] decisions = new Decision[routes.length];
        for (int i = 0; i < routes.length; i++) {
            CompiledRoute r = routes[i];
            RuleRef ref = new RuleRef(p.ref, rule.portIndex(), port, rule.protocol(), host, r.group, r.matchName);
            decisions[i] = Decision.allowHttpRoute(ref, upstream);
        }
        return new HostRoutes.Grant(rule, host, null, null, HostRoutes.routeList(tests, decisions));
    }

    /**
     * What a Host header value finds: the {@link HostRoutes} of the policy host that answers to it, the
     * {@link Decision} every request for it gets (an exact host indexed so), or null when no policy host answers.
     *
     * @param notIndexed the set's index is known to hold no exact name for it (asked already)
     */
    Object find(String authority, boolean notIndexed) {
        if (authority == null) {
            return null;
        }
        String key = envoy ? lower(authority) : authority;
        Object found = notIndexed ? null : index.find(client, port, key);
        if (found != null || !envoy) {
            return found;
        }
        for (Wildcard w : suffixes) {
            if (key.length() > w.fixed.length() && key.endsWith(w.fixed)) {
                return w.routes;
            }
        }
        for (Wildcard w : prefixes) {
            if (key.length() > w.fixed.length() && key.startsWith(w.fixed)) {
                return w.routes;
            }
        }
        return any;
    }

    /** Whether every policy host here is an exact name (no wildcard, no {@code *}): the set's index holds them all. */
    boolean onlyExact() {
        return envoy && suffixes.length == 0 && prefixes.length == 0 && any == null;
    }

    /** The exact-name lookup key of a Host header value under an engine (osm compares lower case). */
    static String key(String authority, boolean envoy) {
        return envoy ? lower(authority) : authority;
    }

    static String lower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return s.toLowerCase(Locale.ROOT);
            }
        }
        return s;
    }
}
