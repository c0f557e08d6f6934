package egress.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import egress.fixtures.property.Properties;
import egress.policy.model.Egress;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The compiled set's {@link HostIndex} (one table for every client, port and exact HTTP host, {@code h:port}
 * answered by the entry of {@code h}) finds, for every HTTP request of a generated world, the same grants in the
 * same order as a plain walk over the client's policies in policy order, the way the matcher looked hosts up
 * before the index: each exact policy host answers to {@code h} and {@code h:port} (lower case under osm, where
 * wildcards are not exact names and a tcp-server-first rule leaves a port without HTTP). Both engines. Under
 * osm the same table holds the exact server names of https chains, checked the same way.
 */
class HostIndexPropertyTest {
    private static final int TRIES = 3000;

    /** How many requests found an entry held as its decision (osm), and as routes: both forms must be seen. */
    private static final java.util.concurrent.atomic.AtomicInteger AS_DECISION =
            new java.util.concurrent.atomic.AtomicInteger();

    private static final java.util.concurrent.atomic.AtomicInteger AS_ROUTES =
            new java.util.concurrent.atomic.AtomicInteger();

    /** One grant: which policy, which {@code ports[]} entry, which host as written. */
    private record Found(Object policy, int portIndex, String host) {}

    @Test
    void osmIndexFindsWhatAWalkOverThePoliciesFinds() {
        AS_DECISION.set(0);
        AS_ROUTES.set(0);
        Properties.forAll(
                "osm host index finds what a walk finds",
                TRIES,
                Worlds.worlds(),
                Worlds.SMALLER,
                world -> assertSameGrants(world, Engine.OSM));
        assertThat(AS_DECISION.get())
                .as("requests that found an entry held as its decision")
                .isPositive();
        assertThat(AS_ROUTES.get())
                .as("requests that found an entry held as its routes")
                .isPositive();
    }

    @Test
    void pipyIndexFindsWhatAWalkOverThePoliciesFinds() {
        Properties.forAll(
                "pipy host index finds what a walk finds",
                TRIES,
                Worlds.worlds(),
                Worlds.SMALLER,
                world -> assertSameGrants(world, Engine.PIPY));
    }

    @Test
    void osmIndexFindsWhatAWalkFindsOnCrowdedPorts() {
        Properties.forAll(
                "osm host index on crowded ports",
                TRIES,
                Worlds.crowdedWorlds(),
                Worlds.SMALLER,
                world -> assertSameGrants(world, Engine.OSM));
    }

    @Test
    void osmServerNamesAreFoundAsAWalkFindsThem() {
        WITH_EVERY.set(0);
        Properties.forAll(
                "osm server names in the index",
                TRIES,
                Worlds.worlds(),
                Worlds.SMALLER,
                HostIndexPropertyTest::assertSameServerNames);
        assertThat(WITH_EVERY.get())
                .as("server names that keep the decision of every request")
                .isPositive();
    }

    private static final java.util.concurrent.atomic.AtomicInteger WITH_EVERY =
            new java.util.concurrent.atomic.AtomicInteger();

    private static final java.util.concurrent.atomic.AtomicInteger BY_ROUTE_LIST =
            new java.util.concurrent.atomic.AtomicInteger();

    /**
     * An osm host whose one grant has route matches and decides alone keeps its route list in its slot: the list
     * admits what the host's grants admit, with the same decision, and refuses what they refuse.
     */
    @Test
    void aRouteListInTheSlotAdmitsAsTheHostsGrants() {
        BY_ROUTE_LIST.set(0);
        Properties.forAll("osm route lists in the index", TRIES, Worlds.worlds(), Worlds.SMALLER, world -> {
            CompiledPolicySet compiled = world.compile(Engine.OSM);
            for (EgressRequest r : world.requests()) {
                if (r.protocol() != AppProtocol.HTTP || r.authority() == null) {
                    continue;
                }
                HostIndex index = compiled.hostIndex();
                int slot = index.slot(compiled.client(r.source()), r.port(), HttpHosts.key(r.authority(), true));
                if (slot < 0 || index.holdsDecision(slot) || index.routeList(slot) == null) {
                    continue;
                }
                BY_ROUTE_LIST.incrementAndGet();
                HostRoutes hr = index.routes(slot);
                assertThat(hr.byHostAlone).isTrue();
                assertThat(hr.grants()).hasSize(1);
                assertThat(HostRoutes.firstRoute(index.routeList(slot), r))
                        .as("%s", Worlds.describe(r))
                        .isSameAs(hr.admit(r));
            }
        });
        assertThat(BY_ROUTE_LIST.get())
                .as("requests for a host with its route list in the slot")
                .isPositive();
    }

    @Test
    void aPortSuffixIsReadExactly() {
        assertThat(HostIndex.portSuffixStart("h:80", 80)).isEqualTo(1);
        assertThat(HostIndex.portSuffixStart("h:080", 80)).isEqualTo(-1);
        assertThat(HostIndex.portSuffixStart("h:8080", 80)).isEqualTo(-1);
        assertThat(HostIndex.portSuffixStart(":80", 80)).isEqualTo(-1);
        assertThat(HostIndex.portSuffixStart("h:80:80", 80)).isEqualTo(4);
        assertThat(HostIndex.portSuffixStart("h:65535", 65535)).isEqualTo(1);
        assertThat(HostIndex.portSuffixStart("h;80", 80)).isEqualTo(-1);
    }

    private static void assertSameGrants(Worlds.World world, Engine engine) {
        CompiledPolicySet compiled = world.compile(engine);
        boolean osm = engine == Engine.OSM;
        for (EgressRequest r : world.requests()) {
            if (r.protocol() != AppProtocol.HTTP || r.authority() == null) {
                continue;
            }
            Object found =
                    compiled.hostIndex().find(compiled.client(r.source()), r.port(), HttpHosts.key(r.authority(), osm));
            List<Found> walked = walk(compiled, r, engine);
            if (found instanceof Decision every) {
                // indexed as one decision: the first grant's, which admits every request (osm, no routes)
                AS_DECISION.incrementAndGet();
                RuleRef rule = every.rule();
                assertThat(osm)
                        .as("pipy indexes routes, %s", Worlds.describe(r))
                        .isTrue();
                assertThat(walked).as("osm engine, %s", Worlds.describe(r)).isNotEmpty();
                assertThat(new Found(rule.policy(), rule.portIndex(), rule.host()))
                        .as("osm engine, %s", Worlds.describe(r))
                        .isEqualTo(walked.get(0));
                assertThat(rule.routeGroup()).isNull();
                assertThat(compiled.policies().stream()
                                .filter(p -> p.ref.equals(rule.policy()))
                                .findFirst()
                                .orElseThrow()
                                .routes)
                        .as("the first policy of %s has route groups", Worlds.describe(r))
                        .isNull();
                continue;
            }
            HostRoutes hr = (HostRoutes) found;
            if (hr != null) {
                AS_ROUTES.incrementAndGet();
            }
            List<Found> indexed = new ArrayList<>();
            if (hr != null) {
                hr.grants()
                        .forEach(g -> indexed.add(new Found(
                                g.portRule().policy().ref, g.portRule().portIndex(), g.host())));
            }
            assertThat(indexed)
                    .as("%s engine, %s", engine.id(), Worlds.describe(r))
                    .isEqualTo(walked);
        }
    }

    /** Under osm, the https chains of a TLS request's exact server name: the index's and a walk's. */
    private static void assertSameServerNames(Worlds.World world) {
        CompiledPolicySet compiled = world.compile(Engine.OSM);
        for (EgressRequest r : world.requests()) {
            if (r.protocol() != AppProtocol.TLS || r.sni() == null) {
                continue;
            }
            String name = r.sni().toLowerCase(Locale.ROOT);
            Object o = compiled.hostIndex().findServerName(compiled.client(r.source()), r.port(), name);
            List<Found> indexed = new ArrayList<>();
            if (o != null) {
                OsmPort.ServerName exact = (OsmPort.ServerName) o;
                if (exact.every != null) {
                    // only unranged chains: the earliest one decides
                    WITH_EVERY.incrementAndGet();
                    Chain earliest = null;
                    for (Chain c : exact.chains) {
                        assertThat(c.rule().policy().ranged).isFalse();
                        if (earliest == null || c.order() < earliest.order()) {
                            earliest = c;
                        }
                    }
                    assertThat(exact.every).isSameAs(earliest.allow());
                }
                for (Chain c : exact.chains) {
                    indexed.add(new Found(
                            c.rule().policy().ref,
                            c.rule().portIndex(),
                            c.allow().rule().host()));
                }
            }
            List<Found> walked = new ArrayList<>();
            for (CompiledPolicy p : clientPolicies(compiled, r, Engine.OSM)) {
                List<Egress.Port> ports = p.egress.ports();
                for (int i = 0; i < ports.size(); i++) {
                    if (ports.get(i).number() != r.port()
                            || !PortRule.HTTPS.equals(
                                    PolicyCompiler.protocol(ports.get(i).protocol(), Engine.OSM))) {
                        continue;
                    }
                    for (String host : p.egress.hosts()) {
                        if (host.toLowerCase(Locale.ROOT).equals(name)) {
                            walked.add(new Found(p.ref, i, host));
                        }
                    }
                }
            }
            assertThat(indexed).as("osm engine, %s", Worlds.describe(r)).isEqualTo(walked);
        }
    }

    /**
     * The client's policies in order, or none when Envoy builds nothing by name on the request's port (egress
     * policies off, or a tcp-server-first rule there under osm).
     */
    private static List<CompiledPolicy> clientPolicies(CompiledPolicySet set, EgressRequest r, Engine engine) {
        List<CompiledPolicy> mine = new ArrayList<>();
        if (!set.meshConfig().enableEgressPolicy()) {
            return mine;
        }
        for (CompiledPolicy p : set.policies()) {
            if (p.ignoredBecause == null && selects(p.egress, r.source())) {
                mine.add(p);
            }
        }
        for (CompiledPolicy p : mine) {
            for (Egress.Port port : p.egress.ports()) {
                if (engine == Engine.OSM
                        && port.number() == r.port()
                        && PortRule.TCP_SERVER_FIRST.equals(PolicyCompiler.protocol(port.protocol(), engine))) {
                    return List.of();
                }
            }
        }
        return mine;
    }

    /** The exact-host grants for a request, by walking the client's policies in order. */
    private static List<Found> walk(CompiledPolicySet set, EgressRequest r, Engine engine) {
        boolean osm = engine == Engine.OSM;
        List<Found> out = new ArrayList<>();
        List<CompiledPolicy> mine = clientPolicies(set, r, engine);
        String asked = osm ? lowerLikeEnvoy(r.authority()) : r.authority();
        for (CompiledPolicy p : mine) {
            List<Egress.Port> ports = p.egress.ports();
            for (int i = 0; i < ports.size(); i++) {
                Egress.Port port = ports.get(i);
                if (port.number() != r.port()
                        || !PortRule.HTTP.equals(PolicyCompiler.protocol(port.protocol(), engine))) {
                    continue;
                }
                for (String host : p.egress.hosts()) {
                    String name = osm ? host.toLowerCase(Locale.ROOT) : host;
                    if (osm && (name.startsWith("*") || name.endsWith("*"))) {
                        continue; // a wildcard, not an exact name
                    }
                    if (asked.equals(name) || asked.equals(name + ":" + port.number())) {
                        out.add(new Found(p.ref, i, host));
                    }
                }
            }
        }
        return out;
    }

    private static boolean selects(Egress e, Identity client) {
        for (Egress.Source s : e.sources()) {
            if ("ServiceAccount".equals(s.kind())
                    && client.name().equals(s.name())
                    && client.namespace().equals(s.namespace())) {
                return true;
            }
        }
        return false;
    }

    /** Envoy's lookup key as the matcher has always made it: lower case when the name has an A-Z in it. */
    private static String lowerLikeEnvoy(String s) {
        return s.chars().anyMatch(c -> c >= 'A' && c <= 'Z') ? s.toLowerCase(Locale.ROOT) : s;
    }
}
