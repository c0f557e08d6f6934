package egress.policy.match;

import egress.policy.i18n.Message;
import egress.policy.model.Engine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP hosts of one port: each policy host answers to {@code host} and {@code host:port}.
 * Under {@code osm} (Envoy virtual hosts) names compare case-insensitively and a leading or trailing
 * {@code *} is a suffix or prefix wildcard, exact names winning over wildcards and longer wildcards
 * over shorter ones; under {@code pipy} the Host header must equal a name exactly.
 */
final class HttpHosts {
    private record Wildcard(String fixed, HostRoutes routes) {
    }

    private final boolean envoy;
    private final Map<String, HostRoutes> exact = new HashMap<>();
    private final Map<String, HostRoutes> suffixIndex = new LinkedHashMap<>();
    private final Map<String, HostRoutes> prefixIndex = new LinkedHashMap<>();
    private final List<Wildcard> suffixes = new ArrayList<>();
    private final List<Wildcard> prefixes = new ArrayList<>();
    private HostRoutes any;

    /**
     * Every name a request may send ({@code h} and {@code h:port} for each policy host) gets the grants of
     * every policy that answers to it, in policy order: two policies whose hosts meet in one name (the same
     * host, or {@code h:80} written out as a host) are united, as the product decides for duplicates.
     */
    HttpHosts(Engine engine, int port, List<PortRule> rules) {
        this.envoy = engine == Engine.OSM;
        for (PortRule rule : rules) {
            for (String host : rule.policy().egress.hosts()) {
                HostRoutes.Grant g = grant(rule, host, port, envoy ? null : CompiledRoute.PIPY_WILDCARD_METHODS);
                String key = envoy ? host.toLowerCase(Locale.ROOT) : host;
                if (envoy && key.equals("*")) {
                    if (any == null) {
                        any = new HostRoutes(host);
                    }
                    any.add(g);
                    // its second domain, "*:port", is a suffix wildcard to Envoy, so it beats prefix wildcards
                    add(suffixIndex, ":" + port, host, g);
                } else if (envoy && key.startsWith("*")) {
                    add(suffixIndex, key.substring(1), host, g);
                    add(suffixIndex, key.substring(1) + ":" + port, host, g);
                } else if (envoy && key.endsWith("*")) {
                    add(prefixIndex, key.substring(0, key.length() - 1), host, g);
                } else {
                    add(exact, key, host, g);
                    add(exact, key + ":" + port, host, g);
                }
            }
        }
        suffixIndex.forEach((fixed, hr) -> suffixes.add(new Wildcard(fixed, hr)));
        prefixIndex.forEach((fixed, hr) -> prefixes.add(new Wildcard(fixed, hr)));
        suffixes.sort(Comparator.comparingInt((Wildcard w) -> w.fixed.length()).reversed());
        prefixes.sort(Comparator.comparingInt((Wildcard w) -> w.fixed.length()).reversed());
    }

    private static void add(Map<String, HostRoutes> index, String key, String host, HostRoutes.Grant g) {
        index.computeIfAbsent(key, k -> new HostRoutes(host)).add(g);
    }

    /** @param anyMethod what "any method" means to the engine: null for every method */
    private static HostRoutes.Grant grant(PortRule rule, String host, int port, java.util.Set<String> anyMethod) {
        CompiledPolicy p = rule.policy();
        Upstream upstream = Upstream.policyHost(host, port);
        if (p.routes == null) {
            RuleRef ref = rule.ref(host);
            return new HostRoutes.Grant(ref, Decision.allow(ref, upstream, Signal.FORWARDED,
                    Message.of("reason.allow-http-host", p.ref, host, port)), anyMethod, List.of(), List.of());
        }
        List<Decision> decisions = new ArrayList<>();
        for (CompiledRoute r : p.routes) {
            RuleRef ref = new RuleRef(p.ref, rule.portIndex(), port, rule.protocol(), host, r.group, r.matchName);
            decisions.add(Decision.allow(ref, upstream, Signal.FORWARDED,
                    Message.of("reason.allow-http-route", p.ref, host, port, r.group, r.matchName)));
        }
        return new HostRoutes.Grant(rule.ref(host), null, null, p.routes, List.copyOf(decisions));
    }

    /** The routes for a Host header value, or null when no policy host answers to it. */
    HostRoutes find(String authority) {
        if (authority == null) {
            return null;
        }
        String key = envoy ? lower(authority) : authority;
        HostRoutes hr = exact.get(key);
        if (hr != null || !envoy) {
            return hr;
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

    private static String lower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return s.toLowerCase(Locale.ROOT);
            }
        }
        return s;
    }
}
