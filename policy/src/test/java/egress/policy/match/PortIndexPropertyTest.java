package egress.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import egress.fixtures.property.Properties;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The two answers the {@link PortIndex} gives without its port table (osm) are the table's own, on generated
 * worlds: a TCP connection to an IPv4 address decided from the index's TCP table ({@link PortIndex#tcp}), and an
 * HTTP request whose Host the {@link HostIndex} lacks on a port whose hosts are all exact names
 * ({@link PortIndex#onlyExactHosts}). Each world is asked every client, port and address of its vocabulary, not
 * only its own requests, and both shortcuts must be taken often (a test that never takes them proves nothing).
 * The decisions compared are whole: verdict, signal, policy, upstream and the reason as printed. And
 * {@link MatcherPropertyTest} holds the matcher, shortcuts included, to the {@link ReferenceEvaluator}.
 */
class PortIndexPropertyTest {
    private static final int TRIES = 2000;

    private static final AtomicInteger BY_RANGE = new AtomicInteger();
    private static final AtomicInteger BY_PORT_ALONE = new AtomicInteger();
    private static final AtomicInteger NO_RULE = new AtomicInteger();
    private static final AtomicInteger NO_HOST = new AtomicInteger();

    @Test
    void tcpTableAndExactHostRefusalsDecideAsThePortTable() {
        BY_RANGE.set(0);
        BY_PORT_ALONE.set(0);
        NO_RULE.set(0);
        NO_HOST.set(0);
        Properties.forAll(
                "port index shortcuts decide as the port table",
                TRIES,
                Worlds.worlds(),
                Worlds.SMALLER,
                PortIndexPropertyTest::assertSameAsTable);
        assertThat(BY_RANGE.get())
                .as("connections taken by a range of the TCP table")
                .isPositive();
        assertThat(BY_PORT_ALONE.get())
                .as("connections taken by the port-only chain beside it")
                .isPositive();
        assertThat(NO_RULE.get())
                .as("connections the TCP table finds no chain for")
                .isPositive();
        assertThat(NO_HOST.get()).as("HTTP requests refused as no exact host").isPositive();
    }

    @Test
    void crowdedPortsDecideAsThePortTable() {
        // crowded ports often have more ranges than a TCP slot holds: the port table decides those
        Properties.forAll(
                "port index shortcuts on crowded ports",
                TRIES,
                Worlds.crowdedWorlds(),
                Worlds.SMALLER,
                PortIndexPropertyTest::assertSameAsTable);
    }

    @Test
    void aSlotHoldsTheRangesInTheOrderThePortPrefersThem() {
        // the earlier policy's narrower range wins over the later policy's wider one, which the range index keeps
        // first (it orders by prefix length)
        CompiledPolicySet compiled =
                compile(egress("a1", List.of("10.0.0.0/24"), 5432), egress("a2", List.of("10.0.0.0/8"), 5432));
        Identity client = compiled.client(Worlds.ACCOUNTS.get(0));
        assertThat(compiled.portIndex().tcpSize()).isEqualTo(1);
        assertThat(compiled.portIndex()
                        .tcp(client, 5432, Ipv4.parse("10.0.0.5"))
                        .policy()
                        .name())
                .isEqualTo("a1");
        assertThat(compiled.portIndex()
                        .tcp(client, 5432, Ipv4.parse("10.1.0.5"))
                        .policy()
                        .name())
                .isEqualTo("a2");
        assertThat(compiled.portIndex().tcp(client, 5432, Ipv4.parse("8.8.8.8")))
                .isSameAs(PortIndex.NO_TCP_RULE);
        assertThat(compiled.decide(EgressRequest.tcp(Worlds.ACCOUNTS.get(0), Ipv4.parse("8.8.8.8"), 5432, false)))
                .satisfies(d -> assertThat(d.verdict()).isEqualTo(Verdict.DENY))
                .satisfies(d -> assertThat(d.signal()).isEqualTo(Signal.CONNECTION_CLOSED));
    }

    @Test
    void aPortWithMoreRangesThanASlotHoldsIsLeftToItsTable() {
        CompiledPolicySet compiled = compile(
                egress("a1", List.of("10.0.0.0/24", "192.168.1.0/24"), 5432),
                egress("a2", List.of("10.0.0.0/8"), 5432));
        Identity client = compiled.client(Worlds.ACCOUNTS.get(0));
        assertThat(compiled.portIndex().tcpSize()).isZero();
        assertThat(compiled.portIndex().tcp(client, 5432, Ipv4.parse("10.0.0.5")))
                .isNull();
        assertThat(compiled.decide(EgressRequest.tcp(Worlds.ACCOUNTS.get(0), Ipv4.parse("192.168.1.9"), 5432, false))
                        .policy()
                        .name())
                .isEqualTo("a1");
    }

    private static CompiledPolicySet compile(Worlds.EgressSpec... egresses) {
        return new Worlds.World(
                        List.of(egresses),
                        List.of(),
                        List.of(),
                        egress.policy.model.MeshConfig.DEFAULT,
                        null,
                        null,
                        List.of())
                .compile(Engine.OSM);
    }

    private static Worlds.EgressSpec egress(String name, List<String> ranges, int port) {
        return new Worlds.EgressSpec(
                "a",
                name,
                List.of(Worlds.ACCOUNTS.get(0)),
                List.of(),
                ranges,
                List.of(new Worlds.PortSpec(port, "tcp")),
                List.of());
    }

    private static void assertSameAsTable(Worlds.World world) {
        CompiledPolicySet compiled = world.compile(Engine.OSM);
        PortIndex ports = compiled.portIndex();
        List<EgressRequest> asked = new ArrayList<>(world.requests());
        for (Identity client : Worlds.ACCOUNTS) {
            for (int port : Worlds.PORTS) {
                for (String ip : Worlds.IPS) {
                    asked.add(EgressRequest.tcp(client, Ipv4.parse(ip), port, false));
                }
                for (String host : List.of("httpbin.org", "HTTPBIN.ORG", "api.example.com", "other.net", "x.y")) {
                    asked.add(EgressRequest.http(
                            client, Ipv4.parse("8.8.8.8"), port, host, "GET", "/get", Map.of("host", host)));
                }
            }
        }
        for (EgressRequest r : asked) {
            Identity client = compiled.client(r.source());
            if (r.protocol() == AppProtocol.TCP && r.ipv6() == null && !r.serverFirst()) {
                Decision found = ports.tcp(client, r.port(), r.ip());
                if (found != null) {
                    Decision slow = ports.find(client, r.port()).decide(r, compiled, false);
                    Decision fast = found;
                    if (found == PortIndex.NO_TCP_RULE) {
                        NO_RULE.incrementAndGet();
                        fast = OsmPort.noTcpRule(r, compiled);
                    } else if (compiled.policies().stream()
                            .filter(p -> p.ref.equals(found.policy()))
                            .allMatch(p -> p.ranged)) {
                        BY_RANGE.incrementAndGet();
                    } else {
                        BY_PORT_ALONE.incrementAndGet();
                    }
                    assertSame(fast, slow, r);
                }
            }
            if (r.protocol() == AppProtocol.HTTP && r.authority() != null) {
                int slot = ports.slot(client, r.port());
                boolean indexed = compiled.hostIndex().slot(client, r.port(), HttpHosts.key(r.authority(), true)) >= 0;
                if (slot >= 0 && !indexed && ports.onlyExactHosts(slot)) {
                    NO_HOST.incrementAndGet();
                    Decision slow = ports.table(slot).decide(r, compiled, true);
                    assertSame(OsmPort.noHost(r, compiled), slow, r);
                }
            }
        }
    }

    private static void assertSame(Decision fast, Decision slow, EgressRequest r) {
        assertThat(fast.sameOutcome(slow) && fast.toString().equals(slow.toString()) && fast.rule() == slow.rule())
                .as("%s%n  shortcut:   %s%n  port table: %s", Worlds.describe(r), fast, slow)
                .isTrue();
    }
}
