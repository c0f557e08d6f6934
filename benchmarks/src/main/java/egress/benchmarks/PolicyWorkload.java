package egress.benchmarks;

import egress.policy.match.EgressRequest;
import egress.policy.match.Ipv4;
import egress.policy.model.Crd;
import egress.policy.model.Identity;
import egress.policy.yaml.Manifest;
import egress.simulator.mesh.Dns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * A deterministic, realistic set of Egress policies and the requests that go with it.
 *
 * <p>Shape, for {@code n} policies: {@code n/4} service accounts (at least 2) in namespaces of four
 * accounts each, so every client sees a handful of policies, as in a real mesh. Each policy lives in the
 * namespace of its first source and sometimes names a second account of the same namespace. About 60%
 * are http (port 80, some 8080) with 1-3 hosts, half of them restricted by an HTTPRouteGroup of 1-3
 * matches; about 25% are https (port 443) with 1-3 server names, a few of them wildcards; about 15% are
 * tcp to 1-2 ranges of 10.0.0.0/8 on a database or broker port. One host in seven is a popular SaaS
 * name that many policies share. The same {@code (n, seed)} always gives the same policies and the same
 * requests.
 */
public final class PolicyWorkload {
    public static final long DEFAULT_SEED = 20_261_125L;

    /** What a policy allows. */
    public enum Kind {
        HTTP,
        HTTPS,
        TCP
    }

    /** One HTTPRouteGroup match, with a path and method that it admits (for generated requests). */
    public record Route(String name, String pathRegex, List<String> methods, String samplePath, String sampleMethod) {}

    /**
     * One generated Egress.
     *
     * @param routes empty when the policy is host-only (no HTTPRouteGroup); only http policies have routes
     */
    public record Policy(
            int index,
            String namespace,
            String name,
            List<Identity> sources,
            Kind kind,
            List<String> hosts,
            int port,
            List<String> cidrs,
            List<Route> routes) {
        public String routeGroupName() {
            return name + "-routes";
        }
    }

    private static final String[] POPULAR = {
        "api.github.com",
        "github.com",
        "objects.githubusercontent.com",
        "registry.npmjs.org",
        "pypi.org",
        "files.pythonhosted.org",
        "repo.maven.apache.org",
        "s3.amazonaws.com",
        "sts.amazonaws.com",
        "storage.googleapis.com",
        "oauth2.googleapis.com",
        "login.microsoftonline.com",
        "api.stripe.com",
        "hooks.slack.com",
        "api.twilio.com",
        "api.sendgrid.com",
        "sentry.io",
        "api.datadoghq.com",
        "httpbin.org",
        "auth0.com",
    };
    private static final String[] PREFIXES = {"api", "auth", "files", "cdn", "events", "hooks", "data", "sso"};
    private static final String[] TLDS = {".com", ".io", ".net", ".cloud"};
    private static final String[] ACCOUNTS = {"web", "worker", "batch", "api", "cron", "gateway", "billing"};
    private static final int[] TCP_PORTS = {5432, 3306, 6379, 9092, 27017};
    private static final Route[] ROUTES = {
        new Route("versioned-api", "/api/v[0-9]+/.*", List.of("GET", "POST"), "/api/v2/items/42", "POST"),
        new Route("user-by-id", "/v1/users/[0-9]+", List.of("GET"), "/v1/users/1234", "GET"),
        new Route("health", "/healthz", List.of("GET", "HEAD"), "/healthz", "HEAD"),
        new Route("static", "/static/.*\\.(js|css|png)", List.of("GET"), "/static/app/main.js", "GET"),
        new Route("orders", "/orders(/[a-z0-9-]+)?", List.of("GET", "PUT", "DELETE"), "/orders/abc-123", "PUT"),
        new Route("search", "/search/[a-z]+/.*", List.of("*"), "/search/books/q=jmh", "GET"),
        new Route("webhooks", "/hooks/[A-Za-z0-9]{8,}", List.of("POST"), "/hooks/T0A1B2C3D4", "POST"),
    };

    private final int size;
    private final long seed;
    private final List<Identity> identities;
    private final List<Policy> policies;
    private final Dns dns = new Dns();

    private PolicyWorkload(int size, long seed, List<Identity> identities, List<Policy> policies) {
        this.size = size;
        this.seed = seed;
        this.identities = List.copyOf(identities);
        this.policies = List.copyOf(policies);
    }

    public static PolicyWorkload generate(int policies) {
        return generate(policies, DEFAULT_SEED);
    }

    public static PolicyWorkload generate(int count, long seed) {
        Random rnd = new Random(seed);
        int accounts = Math.max(2, count / 4);
        List<Identity> ids = new ArrayList<>(accounts);
        for (int i = 0; i < accounts; i++) {
            ids.add(new Identity(String.format("team-%04d", i / 4), ACCOUNTS[i % ACCOUNTS.length] + "-" + i));
        }
        int vendors = Math.max(10, count / 2);
        List<Policy> out = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            int first = p < accounts ? p : rnd.nextInt(accounts); // every account gets at least one policy
            Identity source = ids.get(first);
            List<Identity> sources = new ArrayList<>();
            sources.add(source);
            int sibling = (first & ~3) + rnd.nextInt(4);
            if (rnd.nextInt(5) == 0 && sibling != first && sibling < accounts) {
                sources.add(ids.get(sibling));
            }
            double k = rnd.nextDouble();
            Kind kind = k < 0.60 ? Kind.HTTP : k < 0.85 ? Kind.HTTPS : Kind.TCP;
            String name = String.format("egress-%05d", p);
            List<String> hosts = new ArrayList<>();
            List<String> cidrs = new ArrayList<>();
            List<Route> routes = new ArrayList<>();
            int port;
            switch (kind) {
                case HTTP -> {
                    port = rnd.nextInt(10) == 0 ? 8080 : 80;
                    addHosts(rnd, hosts, vendors, false);
                    if (rnd.nextBoolean()) {
                        List<Route> pool = new ArrayList<>(List.of(ROUTES));
                        int n = 1 + rnd.nextInt(3);
                        for (int i = 0; i < n; i++) {
                            routes.add(pool.remove(rnd.nextInt(pool.size())));
                        }
                    }
                }
                case HTTPS -> {
                    port = 443;
                    addHosts(rnd, hosts, vendors, true);
                }
                default -> {
                    port = TCP_PORTS[rnd.nextInt(TCP_PORTS.length)];
                    int n = 1 + rnd.nextInt(2);
                    for (int i = 0; i < n; i++) {
                        cidrs.add(
                                rnd.nextInt(3) == 0
                                        ? "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "."
                                                + (1 + rnd.nextInt(254)) + "/32"
                                        : "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + ".0/24");
                    }
                }
            }
            out.add(new Policy(
                    p,
                    source.namespace(),
                    name,
                    List.copyOf(sources),
                    kind,
                    List.copyOf(hosts),
                    port,
                    List.copyOf(cidrs),
                    List.copyOf(routes)));
        }
        return new PolicyWorkload(count, seed, ids, out);
    }

    private static void addHosts(Random rnd, List<String> hosts, int vendors, boolean wildcards) {
        int n = 1 + rnd.nextInt(3);
        while (hosts.size() < n) {
            String h;
            if (rnd.nextInt(7) == 0) {
                h = POPULAR[rnd.nextInt(POPULAR.length)];
            } else {
                String domain = "vendor" + rnd.nextInt(vendors) + TLDS[rnd.nextInt(TLDS.length)];
                h = wildcards && rnd.nextInt(20) == 0
                        ? "*." + domain
                        : PREFIXES[rnd.nextInt(PREFIXES.length)] + "." + domain;
            }
            if (!hosts.contains(h)) {
                hosts.add(h);
            }
        }
    }

    public int size() {
        return size;
    }

    public long seed() {
        return seed;
    }

    public List<Policy> policies() {
        return policies;
    }

    public List<Identity> identities() {
        return identities;
    }

    /** Every policy as an Egress manifest, followed by its HTTPRouteGroup when it has one. */
    public List<Manifest> manifests() {
        return manifests(0, policies.size());
    }

    /** The manifests of policies {@code [from, to)}, each Egress followed by its HTTPRouteGroup. */
    public List<Manifest> manifests(int from, int to) {
        List<Manifest> out = new ArrayList<>();
        for (Policy p : policies.subList(from, to)) {
            out.add(Manifest.of(egress(p)));
            if (!p.routes().isEmpty()) {
                out.add(Manifest.of(routeGroup(p)));
            }
        }
        return out;
    }

    private static Map<String, Object> egress(Policy p) {
        Map<String, Object> spec = new LinkedHashMap<>();
        List<Object> sources = new ArrayList<>();
        for (Identity id : p.sources()) {
            sources.add(map("kind", "ServiceAccount", "name", id.name(), "namespace", id.namespace()));
        }
        spec.put("sources", sources);
        if (!p.hosts().isEmpty()) {
            spec.put("hosts", p.hosts());
        }
        if (!p.cidrs().isEmpty()) {
            spec.put("ipAddresses", p.cidrs());
        }
        String protocol = switch (p.kind()) {
            case HTTP -> "http";
            case HTTPS -> "https";
            case TCP -> "tcp";
        };
        spec.put("ports", List.of(map("number", p.port(), "protocol", protocol)));
        if (!p.routes().isEmpty()) {
            spec.put(
                    "matches",
                    List.of(map(
                            "apiGroup",
                            Crd.HTTP_ROUTE_GROUP.apiVersion(),
                            "kind",
                            Crd.HTTP_ROUTE_GROUP.kind(),
                            "name",
                            p.routeGroupName())));
        }
        return object(Crd.EGRESS.apiVersion(), Crd.EGRESS.kind(), p.namespace(), p.name(), spec);
    }

    private static Map<String, Object> routeGroup(Policy p) {
        List<Object> matches = new ArrayList<>();
        for (Route r : p.routes()) {
            matches.add(map("name", r.name(), "pathRegex", r.pathRegex(), "methods", r.methods()));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("matches", matches);
        return object(
                Crd.HTTP_ROUTE_GROUP.apiVersion(),
                Crd.HTTP_ROUTE_GROUP.kind(),
                p.namespace(),
                p.routeGroupName(),
                spec);
    }

    private static Map<String, Object> object(
            String apiVersion, String kind, String namespace, String name, Map<String, Object> spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiVersion", apiVersion);
        m.put("kind", kind);
        m.put("metadata", map("name", name, "namespace", namespace));
        m.put("spec", spec);
        return m;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    // ---- requests -------------------------------------------------------------------------------

    /** A request shape, for benchmarks that measure one path through the matcher at a time. */
    public enum Scenario {
        /** HTTP to an allowed host of a policy without route groups. */
        HOST_ONLY_HTTP,
        /** HTTP to a host of a policy with an HTTPRouteGroup, on a path and method a match admits. */
        ROUTE_GROUP_HTTP,
        /** TLS with the server name of an https policy. */
        TLS_SNI,
        /** TCP to an address inside a policy's range. */
        TCP_CIDR,
        /** Refused: an unknown HTTP host, a path no route admits, or an unknown server name. */
        REFUSED
    }

    /** The address the simulator's DNS gives a name, so benchmarks and replays see the same IPs. */
    public int ipOf(String host) {
        return (int) dns.resolve(host);
    }

    /** A concrete name for a host as written: {@code *.vendor1.io} becomes {@code a1.vendor1.io}. */
    public static String concrete(String host, Random rnd) {
        return host.startsWith("*.") ? "node" + rnd.nextInt(100) + host.substring(1) : host;
    }

    /** {@code count} requests of one scenario, drawn with the given seed. */
    public List<EgressRequest> requests(Scenario scenario, int count, long requestSeed) {
        Random rnd = new Random(requestSeed);
        List<Policy> candidates = switch (scenario) {
            case HOST_ONLY_HTTP ->
                select(p -> p.kind() == Kind.HTTP && p.routes().isEmpty());
            case ROUTE_GROUP_HTTP ->
                select(p -> p.kind() == Kind.HTTP && !p.routes().isEmpty());
            case TLS_SNI -> select(p -> p.kind() == Kind.HTTPS);
            case TCP_CIDR -> select(p -> p.kind() == Kind.TCP);
            case REFUSED -> policies;
        };
        if (candidates.isEmpty()) {
            throw new IllegalStateException("no policy fits " + scenario + " among " + size + " policies");
        }
        List<EgressRequest> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Policy p = candidates.get(rnd.nextInt(candidates.size()));
            out.add(scenario == Scenario.REFUSED ? refused(p, rnd) : allowed(p, rnd));
        }
        return out;
    }

    private List<Policy> select(Predicate<Policy> filter) {
        return policies.stream().filter(filter).toList();
    }

    /** A request that the policy allows. */
    public EgressRequest allowed(Policy p, Random rnd) {
        Identity from = p.sources().get(rnd.nextInt(p.sources().size()));
        switch (p.kind()) {
            case TCP -> {
                return EgressRequest.tcp(
                        from, addressIn(p.cidrs().get(rnd.nextInt(p.cidrs().size())), rnd), p.port(), false);
            }
            case HTTPS -> {
                String host = concrete(p.hosts().get(rnd.nextInt(p.hosts().size())), rnd);
                return EgressRequest.tls(from, ipOf(host), p.port(), host);
            }
            default -> {
                String host = p.hosts().get(rnd.nextInt(p.hosts().size()));
                String authority = p.port() == 80 ? host : host + ":" + p.port();
                if (p.routes().isEmpty()) {
                    return EgressRequest.http(
                            from,
                            ipOf(host),
                            p.port(),
                            authority,
                            "GET",
                            "/anything?page=" + rnd.nextInt(10),
                            Map.of("host", authority, "user-agent", "curl/8.5.0", "accept", "*/*"));
                }
                Route r = p.routes().get(rnd.nextInt(p.routes().size()));
                return EgressRequest.http(
                        from,
                        ipOf(host),
                        p.port(),
                        authority,
                        r.sampleMethod(),
                        r.samplePath(),
                        Map.of("host", authority, "user-agent", "curl/8.5.0", "accept", "*/*"));
            }
        }
    }

    /** A request from one of the policy's sources that no policy should allow. */
    public EgressRequest refused(Policy p, Random rnd) {
        Identity from = p.sources().get(rnd.nextInt(p.sources().size()));
        int pick = rnd.nextInt(4);
        if (p.kind() == Kind.HTTP && !p.routes().isEmpty() && pick == 0) {
            String host = p.hosts().get(0);
            String authority = p.port() == 80 ? host : host + ":" + p.port();
            return EgressRequest.http(
                    from,
                    ipOf(host),
                    p.port(),
                    authority,
                    "DELETE",
                    "/admin/drop-everything",
                    Map.of("host", authority));
        }
        if (p.kind() == Kind.HTTPS && pick == 1) {
            String host = "unknown-" + rnd.nextInt(1000) + ".nowhere.example";
            return EgressRequest.tls(from, ipOf(host), 443, host);
        }
        if (p.kind() == Kind.TCP && pick == 2) {
            return EgressRequest.tcp(
                    from, Ipv4.parse("172.16." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254))), p.port(), false);
        }
        String host = "unknown-" + rnd.nextInt(1000) + ".nowhere.example";
        return EgressRequest.http(from, ipOf(host), 80, host, "GET", "/", Map.of("host", host));
    }

    /** A random address inside a CIDR such as {@code 10.1.2.0/24}. */
    static int addressIn(String cidr, Random rnd) {
        int slash = cidr.indexOf('/');
        int base = Ipv4.parse(cidr.substring(0, slash));
        int bits = Integer.parseInt(cidr.substring(slash + 1));
        if (bits >= 31) {
            return base;
        }
        int hostBits = 32 - bits;
        int offset = 1 + rnd.nextInt((1 << hostBits) - 2);
        return (base & (-1 << hostBits)) | offset;
    }
}
