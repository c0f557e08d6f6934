package egress.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import egress.fixtures.property.Gen;
import egress.fixtures.property.Properties;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@link CompiledPolicySet#client} only makes a decision cheaper: on generated worlds, for both engines, every
 * request gets the same decision (verdict, signal, policy, rule, upstreams, reason and nearest miss) whether its
 * client identity is the set's own instance, the generator's, or a copy with strings of its own. And the set's
 * instance is equal to the identity asked about, the same instance each time, and the one its tables hold; an
 * identity no policy selects is handed back as it is.
 */
class ClientInterningPropertyTest {
    private static final int TRIES = 3000;

    @Test
    void osmDecidesAlikeForTheSetsIdentityAndAnEqualOne() {
        alike("osm decides alike for interned and equal identities", Worlds.worlds(), Engine.OSM);
    }

    @Test
    void pipyDecidesAlikeForTheSetsIdentityAndAnEqualOne() {
        alike("pipy decides alike for interned and equal identities", Worlds.worlds(), Engine.PIPY);
    }

    @Test
    void osmDecidesAlikeOnCrowdedPorts() {
        alike("osm decides alike on crowded ports", Worlds.crowdedWorlds(), Engine.OSM);
    }

    @Test
    void pipyDecidesAlikeOnCrowdedPorts() {
        alike("pipy decides alike on crowded ports", Worlds.crowdedWorlds(), Engine.PIPY);
    }

    @Test
    void anIdentityNoPolicySelectsIsHandedBackAsItIs() {
        Worlds.World world = Worlds.worlds().next(new java.util.Random(7));
        CompiledPolicySet compiled = world.compile(Engine.OSM);
        Identity stranger = new Identity("nobody-selects", "this-one");
        assertThat(compiled.client(stranger)).isSameAs(stranger);
    }

    private static void alike(String name, Gen<Worlds.World> worlds, Engine engine) {
        Properties.forAll(name, TRIES, worlds, Worlds.SMALLER, world -> assertAlike(world, engine));
    }

    private static void assertAlike(Worlds.World world, Engine engine) {
        CompiledPolicySet compiled = world.compile(engine);
        for (EgressRequest r : world.requests()) {
            Identity asked = r.source();
            Identity own = compiled.client(asked);
            Identity copy = new Identity(new String(asked.namespace()), new String(asked.name()));
            assertThat(own).isEqualTo(asked);
            if (compiled.clients().containsKey(asked)) {
                assertThat(compiled.client(copy)).isSameAs(own);
                assertThat(compiled.client(own)).isSameAs(own);
                assertThat(compiled.clients().keySet().stream().filter(k -> k == own))
                        .as("the set's own instance")
                        .hasSize(1);
            } else {
                assertThat(own).isSameAs(asked);
                assertThat(compiled.client(copy)).isSameAs(copy);
            }

            Decision viaOwn = compiled.decide(from(own, r));
            String what = engine.id() + " engine, " + Worlds.describe(r);
            assertSameDecision(viaOwn, compiled.decide(r), what + " (the generator's identity)");
            assertSameDecision(viaOwn, compiled.decide(from(copy, r)), what + " (a copy of the identity)");
        }
    }

    private static void assertSameDecision(Decision expected, Decision actual, String what) {
        assertThat(actual.verdict()).as(what).isEqualTo(expected.verdict());
        assertThat(actual.signal()).as(what).isEqualTo(expected.signal());
        assertThat(actual.policy()).as(what).isEqualTo(expected.policy());
        assertThat(actual.rule()).as(what).isEqualTo(expected.rule());
        assertThat(actual.upstream()).as(what).isEqualTo(expected.upstream());
        assertThat(actual.roundRobin()).as(what).isEqualTo(expected.roundRobin());
        assertThat(actual.reason(Locale.ROOT)).as(what).isEqualTo(expected.reason(Locale.ROOT));
        assertThat(actual.nearestMiss(Locale.ROOT)).as(what).isEqualTo(expected.nearestMiss(Locale.ROOT));
    }

    /** The same request from another instance of its client identity. */
    private static EgressRequest from(Identity client, EgressRequest r) {
        return new EgressRequest(
                client,
                r.protocol(),
                r.ip(),
                r.ipv6(),
                r.port(),
                r.host(),
                r.authority(),
                r.method(),
                r.target(),
                r.headers(),
                r.sni(),
                r.serverFirst());
    }
}
