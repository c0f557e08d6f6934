package egress.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import egress.fixtures.property.Gen;
import egress.fixtures.property.Properties;
import egress.fixtures.property.Tally;
import egress.policy.model.Engine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compiled matcher must decide every request exactly as the {@link ReferenceEvaluator} does
 * ({@link Decision#sameOutcome}: verdict, signal, policy, upstream), on small random worlds, for both engines.
 * A failure prints its seed: {@code -Degress.seed=<seed>} replays it.
 */
class MatcherPropertyTest {
    private static final int TRIES = 5000;

    @Test
    void osmMatcherDecidesAsTheReference() {
        agreeOn("osm matcher decides as the reference", Worlds.worlds(), Engine.OSM);
    }

    @Test
    void pipyMatcherDecidesAsTheReference() {
        agreeOn("pipy matcher decides as the reference", Worlds.worlds(), Engine.PIPY);
    }

    @Test
    void osmMatcherDecidesAsTheReferenceOnCrowdedPorts() {
        agreeOn("osm matcher decides as the reference on crowded ports", Worlds.crowdedWorlds(), Engine.OSM);
    }

    @Test
    void pipyMatcherDecidesAsTheReferenceOnCrowdedPorts() {
        agreeOn("pipy matcher decides as the reference on crowded ports", Worlds.crowdedWorlds(), Engine.PIPY);
    }

    private static void agreeOn(String name, Gen<Worlds.World> worlds, Engine engine) {
        Tally outcomes = new Tally(name + ", outcomes");
        Properties.forAll(name, TRIES, worlds, Worlds.SMALLER, world -> assertAgrees(world, engine, outcomes));
        outcomes.print();
    }

    static void assertAgrees(Worlds.World world, Engine engine, Tally outcomes) {
        CompiledPolicySet compiled = world.compile(engine);
        ReferenceEvaluator reference = world.reference(engine);
        List<String> disagreements = new ArrayList<>();
        for (EgressRequest r : world.requests()) {
            Decision expected = reference.decide(r);
            Decision actual = compiled.decide(r);
            outcomes.count(r.protocol().id() + " -> " + expected.verdict().id() + " "
                    + (expected.signal() == null ? "?" : expected.signal().id())
                    + (expected.policy() == null ? "" : " named"));
            if (!expected.sameOutcome(actual)) {
                disagreements.add(
                        Worlds.describe(r) + "\n      reference: " + expected + "\n      matcher:   " + actual);
            }
        }
        assertThat(disagreements)
                .as("%s engine (the world is the sample above)", engine.id())
                .isEmpty();
    }
}
