package egress.policy.match;

import static egress.policy.model.Engine.OSM;
import static egress.policy.model.Engine.PIPY;
import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.MeshConfig;
import egress.policy.model.ObjectRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The spec's tables, row by row, for both engines: the reference and the compiled matcher must both give the
 * value the spec gives. Section numbers are those of /work/shared/spec/egress-semantics.md.
 */
class MatcherExampleTablesTest {

    static final Identity CURL = new Identity("curl", "curl");
    static final int IN = Ipv4.parse("10.0.0.5");
    static final int OUT = Ipv4.parse("8.8.8.8");
    static final MeshConfig POLICIES_ONLY = MeshConfig.DEFAULT; // enableEgressPolicy true, enableEgress false
    static final MeshConfig BOTH = MeshConfig.DEFAULT.withEnableEgress(true);

    // --- a small vocabulary for rows --------------------------------------------------------------------

    record Row(String name, Engine engine, Worlds.World world, EgressRequest request, Decision expected) {
        @Override
        public String toString() {
            return engine.id() + ": " + name;
        }
    }

    static Worlds.EgressSpec egress(String name, List<String> hosts, List<String> ips, String... ports) {
        return egressWith(name, hosts, ips, List.of(), ports);
    }

    static Worlds.EgressSpec egressWith(
            String name, List<String> hosts, List<String> ips, List<Worlds.MatchSpec> matches, String... ports) {
        List<Worlds.PortSpec> ps = new ArrayList<>();
        for (String p : ports) {
            String[] np = p.split("/");
            ps.add(new Worlds.PortSpec(Integer.parseInt(np[0]), np[1]));
        }
        return new Worlds.EgressSpec("curl", name, List.of(CURL), hosts, ips, ps, matches);
    }

    static Worlds.World world(MeshConfig mesh, Worlds.EgressSpec... egresses) {
        return worldWith(mesh, List.of(), List.of(), egresses);
    }

    static Worlds.World worldWith(
            MeshConfig mesh, List<Worlds.GroupSpec> groups, List<String> settings, Worlds.EgressSpec... egresses) {
        return new Worlds.World(Arrays.asList(egresses), groups, settings, mesh, null, null, List.of());
    }

    static EgressRequest http(int ip, int port, String authority, String method, String target) {
        return EgressRequest.http(CURL, ip, port, authority, method, target, Map.of());
    }

    static EgressRequest get(String authority, int port) {
        return http(OUT, port, authority, "GET", "/get");
    }

    static EgressRequest tls(int ip, int port, String sni) {
        return EgressRequest.tls(CURL, ip, port, sni);
    }

    static EgressRequest tcp(int ip, int port) {
        return EgressRequest.tcp(CURL, ip, port, false);
    }

    static ObjectRef p(String name) {
        return name == null ? null : new ObjectRef("curl", name);
    }

    static Decision allow(Signal signal, String policy, Upstream upstream) {
        return new Decision(Verdict.ALLOW, signal, p(policy), null, upstream, "expected", null);
    }

    static Decision allowOriginal(String policy) {
        return allow(Signal.FORWARDED, policy, Upstream.ORIGINAL_DESTINATION);
    }

    static Decision allowTo(String policy, String host, int port) {
        return allow(Signal.FORWARDED, policy, Upstream.policyHost(host, port));
    }

    static Decision deny(Signal signal, String policy) {
        return new Decision(Verdict.DENY, signal, p(policy), null, null, "expected", null);
    }

    /** pipy with several candidate matches (§3.6, product decision on non-determinism). */
    static Decision undeterminedSameVerdict(Verdict verdict, Signal signal) {
        return new Decision(verdict, signal, null, null, null, "expected", null);
    }

    static final Decision UNDETERMINED = new Decision(Verdict.UNDETERMINED, null, null, null, null, "expected", null);

    static Row row(String name, Engine engine, Worlds.World world, EgressRequest request, Decision expected) {
        return new Row(name, engine, world, request, expected);
    }

    // --- the tables -------------------------------------------------------------------------------------

    static Stream<Arguments> rows() {
        List<Row> rows = new ArrayList<>();
        rows.addAll(mergeRows());
        rows.addAll(refusalRows());
        rows.addAll(meshConfigRows());
        rows.addAll(contractRows());
        return rows.stream().map(r -> Arguments.of(r.toString(), r));
    }

    /** §3.6: several policies on the same port or host. */
    static List<Row> mergeRows() {
        List<Row> rows = new ArrayList<>();
        // two http policies, same port, different hosts: one route table with both hosts
        Worlds.World twoHosts = world(
                POLICIES_ONLY,
                egress("a", List.of("a.com"), List.of(), "80/http"),
                egress("b", List.of("b.com"), List.of(), "80/http"));
        for (Engine e : Engine.values()) {
            rows.add(row(
                    "3.6 two http policies, different hosts: second host",
                    e,
                    twoHosts,
                    get("b.com", 80),
                    allowTo("b", "b.com", 80)));
        }
        // same host, same http port, one restricted by a route group, one open: union (product decision 7)
        Worlds.GroupSpec onlyGet = new Worlds.GroupSpec(
                "curl", "only-get", List.of(new Worlds.RouteSpec("get", "/get", List.of("GET"), Map.of())), false);
        Worlds.World sameHost = worldWith(
                POLICIES_ONLY,
                List.of(onlyGet),
                List.of(),
                egressWith(
                        "a-restricted",
                        List.of("h.com"),
                        List.of(),
                        List.of(new Worlds.MatchSpec(true, "only-get")),
                        "80/http"),
                egress("b-open", List.of("h.com"), List.of(), "80/http"));
        for (Engine e : Engine.values()) {
            rows.add(row(
                    "3.6 same host twice: a path only the open policy allows",
                    e,
                    sameHost,
                    http(OUT, 80, "h.com", "GET", "/status/200"),
                    allowTo("b-open", "h.com", 80)));
            rows.add(row(
                    "3.6 same host twice: the first policy in order that admits is named",
                    e,
                    sameHost,
                    get("h.com", 80),
                    allowTo("a-restricted", "h.com", 80)));
        }
        // http with ipAddresses + http without, same port: osm ignores IPs, pipy pools them
        Worlds.World httpIps = world(
                POLICIES_ONLY,
                egress("a", List.of("a.com"), List.of("10.0.0.0/8"), "80/http"),
                egress("b", List.of("b.com"), List.of(), "80/http"));
        rows.add(row("3.6 http IPs ignored", OSM, httpIps, get("b.com", 80), allowTo("b", "b.com", 80)));
        rows.add(row(
                "3.6 http IPs pooled: outside the pool nothing matches",
                PIPY,
                httpIps,
                get("b.com", 80),
                deny(Signal.CONNECTION_CLOSED, null)));
        rows.add(row(
                "3.6 http IPs pooled: inside the pool",
                PIPY,
                httpIps,
                http(IN, 80, "b.com", "GET", "/"),
                allowTo("b", "b.com", 80)));
        // tcp with IPs + tcp without IPs
        Worlds.World tcpIps = world(
                POLICIES_ONLY,
                egress("a-ranged", List.of(), List.of("10.0.0.0/8"), "5432/tcp"),
                egress("b-any", List.of(), List.of(), "5432/tcp"));
        rows.add(row("3.6 tcp ranged + unranged: union, any IP", OSM, tcpIps, tcp(OUT, 5432), allowOriginal("b-any")));
        rows.add(row(
                "3.6 tcp ranged + unranged: the range is more specific",
                OSM,
                tcpIps,
                tcp(IN, 5432),
                allowOriginal("a-ranged")));
        rows.add(row(
                "3.6 tcp ranged + unranged: pooled, outside the pool",
                PIPY,
                tcpIps,
                tcp(OUT, 5432),
                deny(Signal.CONNECTION_CLOSED, null)));
        rows.add(row(
                "3.6 tcp ranged + unranged: pooled, inside", PIPY, tcpIps, tcp(IN, 5432), allowOriginal("a-ranged")));
        // tcp + https, same port, no IPs
        Worlds.World tcpHttps = world(
                POLICIES_ONLY,
                egress("a-tcp", List.of(), List.of(), "443/tcp"),
                egress("b-tls", List.of("h.com"), List.of(), "443/https"));
        rows.add(row(
                "3.6 tcp + https: SNI in hosts, the https chain",
                OSM,
                tcpHttps,
                tls(OUT, 443, "h.com"),
                allowOriginal("b-tls")));
        rows.add(row(
                "3.6 tcp + https: other SNI, the tcp chain",
                OSM,
                tcpHttps,
                tls(OUT, 443, "x.com"),
                allowOriginal("a-tcp")));
        rows.add(row(
                "3.6 tcp + https: non-deterministic, both orders forward",
                PIPY,
                tcpHttps,
                tls(OUT, 443, "h.com"),
                undeterminedSameVerdict(Verdict.ALLOW, Signal.FORWARDED)));
        rows.add(row(
                "3.6 tcp + https: non-deterministic, signals differ",
                PIPY,
                tcpHttps,
                tls(OUT, 443, "x.com"),
                undeterminedSameVerdict(Verdict.ALLOW, null)));
        // http + tcp, same port, no IPs
        Worlds.World httpTcp = world(
                POLICIES_ONLY,
                egress("a-http", List.of("h.com"), List.of(), "80/http"),
                egress("b-tcp", List.of(), List.of(), "80/tcp"));
        rows.add(row(
                "3.6 http + tcp: sniffed HTTP, no fallback to tcp",
                OSM,
                httpTcp,
                get("x.com", 80),
                deny(Signal.HTTP_404, null)));
        rows.add(row("3.6 http + tcp: opaque bytes go to tcp", OSM, httpTcp, tcp(OUT, 80), allowOriginal("b-tcp")));
        rows.add(row("3.6 http + tcp: 403 or allow depending on order", PIPY, httpTcp, get("x.com", 80), UNDETERMINED));
        rows.add(row("3.6 http + tcp: closed or allow depending on order", PIPY, httpTcp, tcp(OUT, 80), UNDETERMINED));
        rows.add(row(
                "3.6 http + tcp: allowed host, both orders allow",
                PIPY,
                httpTcp,
                get("h.com", 80),
                undeterminedSameVerdict(Verdict.ALLOW, Signal.FORWARDED)));
        // tcp and tcp-server-first on one port: union
        Worlds.World tcpTsf = world(
                POLICIES_ONLY,
                egress("a", List.of(), List.of(), "5432/tcp"),
                egress("b", List.of(), List.of(), "5432/tcp-server-first"));
        for (Engine e : Engine.values()) {
            rows.add(row(
                    "3.6 tcp + tcp-server-first: union",
                    e,
                    tcpTsf,
                    EgressRequest.tcp(CURL, OUT, 5432, true),
                    allowOriginal("a")));
        }
        // two https policies, overlapping hosts (written in different case)
        Worlds.World httpsOverlap = world(
                POLICIES_ONLY,
                egress("a", List.of("h.com"), List.of(), "443/https"),
                egress("b", List.of("H.com"), List.of(), "443/https"));
        rows.add(row(
                "3.6 https overlapping hosts: union, first by name",
                OSM,
                httpsOverlap,
                tls(OUT, 443, "h.com"),
                allowOriginal("a")));
        rows.add(row(
                "3.6 https overlapping hosts: pooled into one host",
                PIPY,
                httpsOverlap,
                tls(OUT, 443, "h.com"),
                allowTo("a", "h.com", 443)));
        return rows;
    }

    /** §3.7: what a refused connection looks like to the client. */
    static List<Row> refusalRows() {
        List<Row> rows = new ArrayList<>();
        Worlds.World none = world(POLICIES_ONLY);
        Worlds.World otherPort = world(POLICIES_ONLY, egress("pg", List.of(), List.of(), "5432/tcp"));
        Worlds.World httpbin = world(POLICIES_ONLY, egress("httpbin", List.of("httpbin.org"), List.of(), "80/http"));
        Worlds.World noHosts = world(POLICIES_ONLY, egress("tls-any", List.of(), List.of(), "443/https"));
        Worlds.World tlsHost = world(POLICIES_ONLY, egress("tls", List.of("httpbin.org"), List.of(), "443/https"));
        Worlds.World meshOnly = new Worlds.World(List.of(), List.of(), List.of(), POLICIES_ONLY, null, CURL, List.of());
        for (Engine e : Engine.values()) {
            rows.add(row(
                    "3.7 no outbound config at all: refused",
                    e,
                    none,
                    get("httpbin.org", 80),
                    deny(Signal.CONNECTION_REFUSED, null)));
            rows.add(row(
                    "3.7 mesh upstreams only: a listener, closed",
                    e,
                    meshOnly,
                    get("httpbin.org", 80),
                    deny(Signal.CONNECTION_CLOSED, null)));
            rows.add(row(
                    "3.7 listener exists, nothing matches: closed",
                    e,
                    otherPort,
                    get("httpbin.org", 80),
                    deny(Signal.CONNECTION_CLOSED, null)));
        }
        rows.add(row("3.7 http host refused: 404", OSM, httpbin, get("example.com", 80), deny(Signal.HTTP_404, null)));
        rows.add(row("3.7 http host refused: 403", PIPY, httpbin, get("example.com", 80), deny(Signal.HTTP_403, null)));
        rows.add(row(
                "3.7 https without hosts: port only", OSM, noHosts, tls(OUT, 443, "x.com"), allowOriginal("tls-any")));
        rows.add(row(
                "3.7 https without hosts: reset",
                PIPY,
                noHosts,
                tls(OUT, 443, "x.com"),
                deny(Signal.CONNECTION_RESET, "tls-any")));
        rows.add(row(
                "3.7 https SNI not in hosts: closed",
                OSM,
                tlsHost,
                tls(OUT, 443, "example.com"),
                deny(Signal.CONNECTION_CLOSED, null)));
        rows.add(row(
                "3.7 https SNI not in hosts: forwarded to the policy host",
                PIPY,
                tlsHost,
                tls(OUT, 443, "example.com"),
                allow(Signal.FORWARDED_TO_POLICY_HOST, "tls", Upstream.policyHost("httpbin.org", 443))));
        return rows;
    }

    /** §4, osm-edge columns (product decision 6). */
    static List<Row> meshConfigRows() {
        List<Row> rows = new ArrayList<>();
        Worlds.EgressSpec httpbin = egress("httpbin", List.of("httpbin.org"), List.of(), "80/http");
        Worlds.EgressSpec tlsHost = egress("tls", List.of("httpbin.org"), List.of(), "443/https");
        Worlds.EgressSpec pg = egress("pg", List.of(), List.of(), "5432/tcp");
        MeshConfig off = new MeshConfig(false, false, List.of(), List.of(), List.of());
        MeshConfig passthrough = new MeshConfig(false, true, List.of(), List.of(), List.of());
        for (Engine e : Engine.values()) {
            Signal refused = e == OSM ? Signal.HTTP_404 : Signal.HTTP_403;
            rows.add(row(
                    "4 policy off, egress off: no egress at all",
                    e,
                    world(off, httpbin),
                    get("httpbin.org", 80),
                    deny(Signal.CONNECTION_REFUSED, null)));
            rows.add(row(
                    "4 policy off, egress on: everything passes",
                    e,
                    world(passthrough, httpbin),
                    get("example.com", 80),
                    allowOriginal(null)));
            rows.add(row(
                    "4 policy on, egress off: allowed host",
                    e,
                    world(POLICIES_ONLY, httpbin, tlsHost, pg),
                    get("httpbin.org", 80),
                    allowTo("httpbin", "httpbin.org", 80)));
            rows.add(row(
                    "4 policy on, egress off: other host refused",
                    e,
                    world(POLICIES_ONLY, httpbin, tlsHost, pg),
                    get("example.com", 80),
                    deny(refused, null)));
            rows.add(row(
                    "4 policy on, egress off: unmatched port closed",
                    e,
                    world(POLICIES_ONLY, httpbin, tlsHost, pg),
                    tcp(OUT, 6379),
                    deny(Signal.CONNECTION_CLOSED, null)));
            rows.add(row(
                    "4 both: unknown http host still refused",
                    e,
                    world(BOTH, httpbin, tlsHost, pg),
                    get("example.com", 80),
                    deny(refused, null)));
            rows.add(row(
                    "4 both: tcp passes by its policy",
                    e,
                    world(BOTH, httpbin, tlsHost, pg),
                    tcp(OUT, 5432),
                    allowOriginal("pg")));
            rows.add(row(
                    "4 both: unmatched traffic passes through",
                    e,
                    world(BOTH, httpbin, tlsHost, pg),
                    tcp(OUT, 6379),
                    allowOriginal(null)));
        }
        rows.add(row(
                "4 both: https SNI mismatch falls to passthrough",
                OSM,
                world(BOTH, httpbin, tlsHost, pg),
                tls(OUT, 443, "example.com"),
                allowOriginal(null)));
        rows.add(row(
                "4 both: https redirected to the policy host",
                PIPY,
                world(BOTH, httpbin, tlsHost, pg),
                tls(OUT, 443, "example.com"),
                allow(Signal.FORWARDED_TO_POLICY_HOST, "tls", Upstream.policyHost("httpbin.org", 443))));
        return rows;
    }

    /** Product decisions, clarifications and the matcher's documented contract where the spec is silent. */
    static List<Row> contractRows() {
        List<Row> rows = new ArrayList<>();
        // osm virtual-host precedence: exact > longest suffix wildcard > prefix wildcard > *
        Worlds.World wild = world(
                POLICIES_ONLY,
                egress("a-star", List.of("*"), List.of(), "80/http"),
                egress("b-prefix", List.of("api.*"), List.of(), "80/http"),
                egress("c-suffix", List.of("*.example.com"), List.of(), "80/http"),
                egress("d-longer", List.of("*.api.example.com"), List.of(), "80/http"),
                egress("e-exact", List.of("API.example.com"), List.of(), "80/http"));
        rows.add(row(
                "osm host: exact beats wildcards, case-insensitive",
                OSM,
                wild,
                get("api.example.com:80", 80),
                allowTo("e-exact", "API.example.com", 80)));
        rows.add(row(
                "osm host: the longer suffix wildcard wins",
                OSM,
                wild,
                get("x.api.example.com", 80),
                allowTo("d-longer", "*.api.example.com", 80)));
        rows.add(row(
                "osm host: suffix wildcard before prefix wildcard",
                OSM,
                world(
                        POLICIES_ONLY,
                        egress("b-prefix", List.of("api.*"), List.of(), "80/http"),
                        egress("c-suffix", List.of("*.example.com"), List.of(), "80/http")),
                get("api.example.com", 80),
                allowTo("c-suffix", "*.example.com", 80)));
        rows.add(row(
                "osm host: prefix wildcard before *", OSM, wild, get("api.net", 80), allowTo("b-prefix", "api.*", 80)));
        rows.add(row("osm host: * matches the rest", OSM, wild, get("other.net", 80), allowTo("a-star", "*", 80)));
        rows.add(row(
                "pipy host: exact and case-sensitive",
                PIPY,
                wild,
                get("api.example.com", 80),
                deny(Signal.HTTP_403, null)));
        rows.add(row(
                "host with the policy port",
                PIPY,
                world(POLICIES_ONLY, egress("h", List.of("h.com"), List.of(), "8080/http")),
                get("h.com:8080", 8080),
                allowTo("h", "h.com", 8080)));
        rows.add(row(
                "host with another port is refused",
                OSM,
                world(POLICIES_ONLY, egress("h", List.of("h.com"), List.of(), "8080/http")),
                get("h.com:80", 8080),
                deny(Signal.HTTP_404, null)));
        // tcp-server-first: nothing sniffed, http/https rules on that port ignored
        Worlds.World tsf = world(
                POLICIES_ONLY,
                egress("a-http", List.of("h.com"), List.of(), "5432/http"),
                egress("b-pg", List.of(), List.of("10.0.0.0/8"), "5432/tcp-server-first"));
        rows.add(row(
                "osm tcp-server-first: http rule ignored, tcp range applies",
                OSM,
                tsf,
                http(IN, 5432, "h.com", "GET", "/"),
                allowOriginal("b-pg")));
        rows.add(row(
                "osm tcp-server-first: http rule ignored outside the range",
                OSM,
                tsf,
                http(OUT, 5432, "h.com", "GET", "/"),
                deny(Signal.CONNECTION_CLOSED, null)));
        // osm: a ranged tcp rule is a more specific chain than the HTTP chain
        Worlds.World rangedTcp = world(
                POLICIES_ONLY,
                egress("a-http", List.of("h.com"), List.of(), "80/http"),
                egress("b-tcp", List.of(), List.of("10.0.0.0/8"), "80/tcp"));
        rows.add(row(
                "osm: ranged tcp chain beats the HTTP chain",
                OSM,
                rangedTcp,
                http(IN, 80, "x.com", "GET", "/"),
                allowOriginal("b-tcp")));
        rows.add(row(
                "osm: outside the range, the HTTP chain",
                OSM,
                rangedTcp,
                http(OUT, 80, "x.com", "GET", "/"),
                deny(Signal.HTTP_404, null)));
        // protocols: capitals and unknown ones (R3, §7 Q11)
        Worlds.World capital = world(POLICIES_ONLY, egress("caps", List.of("h.com"), List.of(), "80/HTTP"));
        rows.add(row(
                "osm: HTTP in capitals builds nothing, refused",
                OSM,
                capital,
                get("h.com", 80),
                deny(Signal.CONNECTION_REFUSED, null)));
        rows.add(row(
                "pipy: HTTP in capitals is lower-cased",
                PIPY,
                capital,
                get("h.com", 80),
                allowTo("caps", "h.com", 80)));
        for (Engine e : Engine.values()) {
            rows.add(row(
                    "udp builds nothing",
                    e,
                    world(POLICIES_ONLY, egress("u", List.of(), List.of(), "53/udp")),
                    tcp(OUT, 53),
                    deny(Signal.CONNECTION_REFUSED, null)));
            // R1, R2
            rows.add(row(
                    "R1 missing UpstreamTrafficSetting ignores the Egress",
                    e,
                    world(
                            POLICIES_ONLY,
                            egressWith(
                                    "uts",
                                    List.of("h.com"),
                                    List.of(),
                                    List.of(new Worlds.MatchSpec(false, "missing")),
                                    "80/http")),
                    get("h.com", 80),
                    deny(Signal.CONNECTION_REFUSED, null)));
            rows.add(row(
                    "R1 existing UpstreamTrafficSetting",
                    e,
                    worldWith(
                            POLICIES_ONLY,
                            List.of(),
                            List.of("curl/cb"),
                            egressWith(
                                    "uts",
                                    List.of("h.com"),
                                    List.of(),
                                    List.of(new Worlds.MatchSpec(false, "cb")),
                                    "80/http")),
                    get("h.com", 80),
                    allowTo("uts", "h.com", 80)));
            rows.add(row(
                    "R2 missing HTTPRouteGroup: host known, every request refused",
                    e,
                    world(
                            POLICIES_ONLY,
                            egressWith(
                                    "rg",
                                    List.of("h.com"),
                                    List.of(),
                                    List.of(new Worlds.MatchSpec(true, "missing")),
                                    "80/http")),
                    get("h.com", 80),
                    deny(e == OSM ? Signal.HTTP_404 : Signal.HTTP_403, "rg")));
            // invalid CIDRs are dropped; all invalid: every IP
            rows.add(row(
                    "R4 every CIDR invalid: every IP matches",
                    e,
                    world(POLICIES_ONLY, egress("bad", List.of(), List.of("999.1.1.1/24"), "5432/tcp")),
                    tcp(OUT, 5432),
                    allowOriginal("bad")));
            rows.add(row(
                    "R4 invalid CIDR dropped, the valid one applies",
                    e,
                    world(POLICIES_ONLY, egress("bad", List.of(), List.of("999.1.1.1/24", "10.0.0.0/8"), "5432/tcp")),
                    tcp(OUT, 5432),
                    deny(Signal.CONNECTION_CLOSED, null)));
            // MeshConfig exclusions: direct, even with no listener
            rows.add(row(
                    "excluded port goes direct",
                    e,
                    world(new MeshConfig(true, false, List.of(6379), List.of(), List.of())),
                    tcp(OUT, 6379),
                    allowOriginal(null)));
            rows.add(row(
                    "IP outside the inclusion list goes direct",
                    e,
                    world(new MeshConfig(true, false, List.of(), List.of(), List.of("10.0.0.0/8"))),
                    tcp(OUT, 6379),
                    allowOriginal(null)));
            // Methods (§3.3 H3)
            Worlds.GroupSpec anyMethod = new Worlds.GroupSpec(
                    "curl", "any", List.of(new Worlds.RouteSpec("any", "/.*", List.of("*"), Map.of())), false);
            rows.add(row(
                    "wildcard methods: CONNECT",
                    e,
                    worldWith(
                            POLICIES_ONLY,
                            List.of(anyMethod),
                            List.of(),
                            egressWith(
                                    "h",
                                    List.of("h.com"),
                                    List.of(),
                                    List.of(new Worlds.MatchSpec(true, "any")),
                                    "80/http")),
                    http(OUT, 80, "h.com", "CONNECT", "/"),
                    e == OSM ? allowTo("h", "h.com", 80) : deny(Signal.HTTP_403, "h")));
        }
        // pipy https with several hosts: round-robin, which one is not known
        Worlds.World twoTls = world(POLICIES_ONLY, egress("t", List.of("a.com", "b.com"), List.of(), "443/https"));
        rows.add(row(
                "pipy https two hosts, SNI one of them",
                PIPY,
                twoTls,
                tls(OUT, 443, "b.com"),
                undeterminedSameVerdict(Verdict.ALLOW, null)));
        rows.add(row(
                "pipy https two hosts, SNI none of them",
                PIPY,
                twoTls,
                tls(OUT, 443, "c.com"),
                undeterminedSameVerdict(Verdict.ALLOW, Signal.FORWARDED_TO_POLICY_HOST)));
        // paths (§3.3 H3): osm full match without query, pipy unanchored with query
        Worlds.GroupSpec get = new Worlds.GroupSpec(
                "curl",
                "get",
                List.of(new Worlds.RouteSpec("get", "/get", List.of(), Map.of("user-agent", "curl"))),
                false);
        Worlds.World paths = worldWith(
                POLICIES_ONLY,
                List.of(get),
                List.of(),
                egressWith("h", List.of("h.com"), List.of(), List.of(new Worlds.MatchSpec(true, "get")), "80/http"));
        EgressRequest curlGet =
                EgressRequest.http(CURL, OUT, 80, "h.com", "GET", "/x/get?a=1", Map.of("user-agent", "curl/8.0"));
        rows.add(row("osm path: full match, header full match", OSM, paths, curlGet, deny(Signal.HTTP_404, "h")));
        rows.add(row("pipy path and header: unanchored", PIPY, paths, curlGet, allowTo("h", "h.com", 80)));
        return rows;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void referenceAndMatcherGiveTheSpecsValue(String name, Row row) {
        check(row);
    }

    /**
     * Found by MatcherPropertyTest (a matcher bug, now fixed): spec §3.3 H3 ("wildcard (`*`, or no methods): ... Pipy allows
     * only GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS (CONNECT and TRACE are refused unless listed
     * explicitly)") and the Clarifications ("under pipy, 'any method' (no matches, or *) means GET, HEAD, POST,
     * PUT, DELETE, PATCH and OPTIONS only"). The matcher used to allow CONNECT and TRACE when the policy had
     * no HTTPRouteGroup match (its implicit wildcard route).
     */
    @Test
    void pipyImplicitWildcardRouteRefusesConnectAndTrace() {
        Worlds.World w = world(POLICIES_ONLY, egress("open", List.of("h.com"), List.of(), "80/http"));
        for (String method : List.of("CONNECT", "TRACE")) {
            check(row(
                    "pipy no matches: " + method,
                    PIPY,
                    w,
                    http(OUT, 80, "h.com", method, "/"),
                    deny(Signal.HTTP_403, "open")));
        }
    }

    /** The same request under osm is allowed (any method), and pipy's seven methods pass: no bug there. */
    @Test
    void implicitWildcardRouteMethodsThatAgree() {
        Worlds.World w = world(POLICIES_ONLY, egress("open", List.of("h.com"), List.of(), "80/http"));
        check(row(
                "osm no matches: CONNECT",
                OSM,
                w,
                http(OUT, 80, "h.com", "CONNECT", "/"),
                allowTo("open", "h.com", 80)));
        for (String method : ReferenceEvaluator.PIPY_WILDCARD_METHODS) {
            check(row(
                    "pipy no matches: " + method,
                    PIPY,
                    w,
                    http(OUT, 80, "h.com", method, "/"),
                    allowTo("open", "h.com", 80)));
        }
    }

    static void check(Row row) {
        Decision reference = row.world().reference(row.engine()).decide(row.request());
        Decision matcher = row.world().compile(row.engine()).decide(row.request());
        assertThat(reference.sameOutcome(row.expected()))
                .as("reference for %s: expected %s, got %s", row, row.expected(), reference)
                .isTrue();
        assertThat(matcher.sameOutcome(row.expected()))
                .as("matcher for %s: expected %s, got %s", row, row.expected(), matcher)
                .isTrue();
    }
}
