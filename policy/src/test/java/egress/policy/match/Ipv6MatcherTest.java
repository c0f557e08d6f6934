package egress.policy.match;

import static egress.policy.match.MatcherExampleTablesTest.CURL;
import static egress.policy.match.MatcherExampleTablesTest.POLICIES_ONLY;
import static egress.policy.match.MatcherExampleTablesTest.allowOriginal;
import static egress.policy.match.MatcherExampleTablesTest.check;
import static egress.policy.match.MatcherExampleTablesTest.deny;
import static egress.policy.match.MatcherExampleTablesTest.egress;
import static egress.policy.match.MatcherExampleTablesTest.row;
import static egress.policy.match.MatcherExampleTablesTest.world;
import static egress.policy.model.Engine.OSM;
import static egress.policy.model.Engine.PIPY;
import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import egress.policy.model.MeshConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * IPv6 destinations are decided against IPv6 ranges and IPv4 ones against IPv4 ranges, as Go's
 * {@code IPNet.Contains} decides, in both engines, in the MeshConfig range lists, and by the reference evaluator.
 * The ranges are written as the CRD's pattern admits them (an embedded IPv4 tail, a prefix of at most 99):
 * {@code 2001:db8::0.0.0.0/32} is 2001:db8::/32.
 */
class Ipv6MatcherTest {
    static final String DOC = "2001:db8::0.0.0.0/32";
    static final Ipv6 IN6 = Ipv6.parse("2001:db8::5");
    static final Ipv6 OUT6 = Ipv6.parse("2001:db9::1");
    static final int IN4 = Ipv4.parse("10.0.0.5");

    static EgressRequest tcp6(Ipv6 ip, int port) {
        return EgressRequest.tcp(CURL, 0, port, false).withIpv6(ip);
    }

    static EgressRequest tcp4(int ip, int port) {
        return EgressRequest.tcp(CURL, ip, port, false);
    }

    @Test
    void anIpv6RangeAllowsTheIpv6AddressesItHoldsAndNoOther() {
        Worlds.World w = world(POLICIES_ONLY, egress("db-v6", List.of(), List.of(DOC), "5432/tcp"));
        for (Engine e : Engine.values()) {
            check(row("inside the IPv6 range", e, w, tcp6(IN6, 5432), allowOriginal("db-v6")));
            check(row("outside the IPv6 range", e, w, tcp6(OUT6, 5432), deny(Signal.CONNECTION_CLOSED, null)));
            check(row("an IPv4 destination", e, w, tcp4(IN4, 5432), deny(Signal.CONNECTION_CLOSED, null)));
            assertThat(w.compile(e).needsIp(CURL, 5432))
                    .as("only IPv6 ranges still make the IP matter")
                    .isTrue();
        }
    }

    @Test
    void theWholeIpv6SpaceHoldsNoIpv4AddressAndTheWholeIpv4SpaceNoIpv6One() {
        Worlds.World w = world(
                POLICIES_ONLY,
                egress("v6-all", List.of(), List.of("::0.0.0.0/0"), "22/tcp"),
                egress("v4-all", List.of(), List.of("0.0.0.0/0"), "2222/tcp"));
        for (Engine e : Engine.values()) {
            check(row("::/0 holds 2001:db8::5", e, w, tcp6(IN6, 22), allowOriginal("v6-all")));
            check(row("::/0 holds no IPv4 address", e, w, tcp4(IN4, 22), deny(Signal.CONNECTION_CLOSED, null)));
            // Go's IP.To4: ::ffff:10.0.0.5 is the IPv4 address 10.0.0.5, which ::/0 does not hold
            check(row(
                    "::/0 holds no IPv4-mapped address",
                    e,
                    w,
                    tcp6(Ipv6.parse("::ffff:10.0.0.5"), 22),
                    deny(Signal.CONNECTION_CLOSED, null)));
            check(row("0.0.0.0/0 holds no IPv6 address", e, w, tcp6(IN6, 2222), deny(Signal.CONNECTION_CLOSED, null)));
            check(row(
                    "0.0.0.0/0 holds an IPv4-mapped one",
                    e,
                    w,
                    tcp6(Ipv6.parse("::ffff:8.8.8.8"), 2222),
                    allowOriginal("v4-all")));
        }
    }

    @Test
    void anIpv4MappedRangeIsAnIpv4Range() {
        Worlds.World w = world(POLICIES_ONLY, egress("mapped", List.of(), List.of("::ffff:10.0.0.0/104"), "22/tcp"));
        for (Engine e : Engine.values()) {
            check(row("IPv4 inside the mapped range", e, w, tcp4(IN4, 22), allowOriginal("mapped")));
            check(row("IPv4-mapped inside it", e, w, tcp6(Ipv6.parse("::ffff:10.9.9.9"), 22), allowOriginal("mapped")));
            check(row("IPv6 is not inside it", e, w, tcp6(IN6, 22), deny(Signal.CONNECTION_CLOSED, null)));
        }
    }

    @Test
    void osmNamesTheIpv6RangeAsTheMoreSpecificChainAndPipyPoolsBothFamilies() {
        Worlds.World w = world(
                POLICIES_ONLY,
                egress("any", List.of(), List.of(), "5432/tcp"),
                egress("v4", List.of(), List.of("10.0.0.0/8"), "5432/tcp"),
                egress("v6", List.of(), List.of(DOC), "5432/tcp"));
        check(row("osm: the IPv6 range is more specific", OSM, w, tcp6(IN6, 5432), allowOriginal("v6")));
        check(row("osm: outside every range, port only", OSM, w, tcp6(OUT6, 5432), allowOriginal("any")));
        check(row("osm: IPv4 goes to the IPv4 range", OSM, w, tcp4(IN4, 5432), allowOriginal("v4")));
        check(row("pipy: pooled, the IPv6 policy named", PIPY, w, tcp6(IN6, 5432), allowOriginal("v6")));
        check(row("pipy: pooled, outside", PIPY, w, tcp6(OUT6, 5432), deny(Signal.CONNECTION_CLOSED, null)));
    }

    @Test
    void osmSendsHttpToAnIpv6DestinationInATcpRangeToTheTcpChain() {
        Worlds.World w = world(
                POLICIES_ONLY,
                egress("web", List.of("h.com"), List.of(), "80/http"),
                egress("raw-v6", List.of(), List.of(DOC), "80/tcp"));
        EgressRequest in =
                EgressRequest.http(CURL, 0, 80, "x.com", "GET", "/", Map.of()).withIpv6(IN6);
        EgressRequest out =
                EgressRequest.http(CURL, 0, 80, "x.com", "GET", "/", Map.of()).withIpv6(OUT6);
        check(row("in the range: the tcp chain", OSM, w, in, allowOriginal("raw-v6")));
        check(row("outside: the http chain, 404", OSM, w, out, deny(Signal.HTTP_404, null)));
    }

    @Test
    void theMeshConfigRangeListsDecideEachFamilyByItsOwnRanges() {
        Worlds.World policy = world(POLICIES_ONLY, egress("db-v6", List.of(), List.of(DOC), "5432/tcp"));
        MeshConfig excluded = new MeshConfig(true, false, List.of(), List.of("2001:db8::0.0.0.0/32"), List.of());
        for (Engine e : Engine.values()) {
            Worlds.World w = withMesh(policy, excluded);
            Decision d = w.compile(e).decide(tcp6(IN6, 9999));
            assertThat(d.verdict()).isEqualTo(Verdict.ALLOW);
            assertThat(d.reason()).contains("2001:db8::5 is in outboundIPRangeExclusionList (2001:db8::/32)");
            check(row("excluded IPv6", e, w, tcp6(IN6, 9999), allowOriginal(null)));
            check(row("not excluded IPv6", e, w, tcp6(OUT6, 9999), deny(Signal.CONNECTION_CLOSED, null)));
            check(row(
                    "IPv4 unaffected by an IPv6 exclusion",
                    e,
                    w,
                    tcp4(IN4, 9999),
                    deny(Signal.CONNECTION_CLOSED, null)));
        }
        MeshConfig includeV4 = new MeshConfig(true, false, List.of(), List.of(), List.of("10.0.0.0/8"));
        MeshConfig includeV6 = new MeshConfig(true, false, List.of(), List.of(), List.of("2001:db8::0.0.0.0/32"));
        for (Engine e : Engine.values()) {
            // an IPv4-only inclusion list says nothing about IPv6: it stays intercepted, the policies decide
            check(row(
                    "IPv4 list, IPv6 destination",
                    e,
                    withMesh(policy, includeV4),
                    tcp6(IN6, 5432),
                    allowOriginal("db-v6")));
            check(row(
                    "IPv4 list, IPv6 destination refused",
                    e,
                    withMesh(policy, includeV4),
                    tcp6(OUT6, 5432),
                    deny(Signal.CONNECTION_CLOSED, null)));
            check(row(
                    "IPv6 list, IPv6 destination outside: not intercepted",
                    e,
                    withMesh(policy, includeV6),
                    tcp6(OUT6, 5432),
                    allowOriginal(null)));
            check(row(
                    "IPv6 list, IPv6 destination inside: intercepted",
                    e,
                    withMesh(policy, includeV6),
                    tcp6(IN6, 5432),
                    allowOriginal("db-v6")));
        }
    }

    @Test
    void requestsCarryIpv6AsTwoLongsAndIpv4MappedAsAnInt() {
        EgressRequest mapped = tcp6(Ipv6.parse("::ffff:10.0.0.5"), 22);
        assertThat(mapped.ipv6()).isNull();
        assertThat(mapped.ip()).isEqualTo(IN4);
        assertThat(mapped.ipText()).isEqualTo("10.0.0.5");
        EgressRequest v6 = tcp6(IN6, 22);
        assertThat(v6.ip()).isZero();
        assertThat(v6.ipText()).isEqualTo("2001:db8::5");
        assertThat(v6.destination()).isEqualTo("[2001:db8::5]:22");
        assertThat(tcp4(IN4, 22).ipv6()).isNull();
        assertThat(Ipv6.parse("::1")).hasToString("::1");
        assertThat(Ipv6.parse("::")).hasToString("::");
        assertThat(Ipv6.parse("2001:db8:0:0:1:0:0:1")).hasToString("2001:db8::1:0:0:1");
        assertThat(Ipv6.parse("fe80:0:0:0:0:0:0:1")).hasToString("fe80::1");
        assertThat(Ipv6.parse("1:0:2:3:4:5:6:7")).hasToString("1:0:2:3:4:5:6:7");
        assertThat(GoCidr.parse("::ffff:10.0.0.0/24").ipv6Range()).hasToString("::/24");
        assertThat(GoCidr.parse("::ffff:10.0.0.0/104").ipv6Range()).isNull();
        assertThat(GoCidr.parse("10.0.0.0/8").ipv6Range()).isNull();
        assertThat(GoCidr.parse("2001:db8::0.0.0.0/32").ipv6Range().contains(IN6))
                .isTrue();
        assertThat(new Cidr6(-1L, -1L, 128).contains(new Ipv6(-1L, -1L))).isTrue();
        assertThat(new Cidr6(-1L, -1L, 127).contains(new Ipv6(-1L, -2L))).isTrue();
        assertThat(new Cidr6(-1L, -1L, 128).contains(new Ipv6(-1L, -2L))).isFalse();
    }

    private static Worlds.World withMesh(Worlds.World w, MeshConfig mesh) {
        return new Worlds.World(
                w.egresses(), w.groups(), w.settings(), mesh, w.monitored(), w.meshUpstreamClient(), w.requests());
    }
}
