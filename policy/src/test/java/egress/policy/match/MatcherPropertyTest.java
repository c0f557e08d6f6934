package egress.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * The compiled matcher must decide every request exactly as the {@link ReferenceEvaluator} does
 * ({@link Decision#sameOutcome}: verdict, signal, policy, upstream), on small random worlds, for both engines.
 */
class MatcherPropertyTest {

    @Property(tries = 5000, shrinking = ShrinkingMode.FULL)
    void osmMatcherDecidesAsTheReference(@ForAll("worlds") Worlds.World world) {
        assertAgrees(world, Engine.OSM);
    }

    @Property(tries = 5000, shrinking = ShrinkingMode.FULL)
    void pipyMatcherDecidesAsTheReference(@ForAll("worlds") Worlds.World world) {
        assertAgrees(world, Engine.PIPY);
    }

    @Property(tries = 5000, shrinking = ShrinkingMode.FULL)
    void osmMatcherDecidesAsTheReferenceOnCrowdedPorts(@ForAll("crowdedWorlds") Worlds.World world) {
        assertAgrees(world, Engine.OSM);
    }

    @Property(tries = 5000, shrinking = ShrinkingMode.FULL)
    void pipyMatcherDecidesAsTheReferenceOnCrowdedPorts(@ForAll("crowdedWorlds") Worlds.World world) {
        assertAgrees(world, Engine.PIPY);
    }

    @Provide
    Arbitrary<Worlds.World> worlds() {
        return Worlds.worlds();
    }

    @Provide
    Arbitrary<Worlds.World> crowdedWorlds() {
        return Worlds.crowdedWorlds();
    }

    static void assertAgrees(Worlds.World world, Engine engine) {
        CompiledPolicySet compiled = world.compile(engine);
        ReferenceEvaluator reference = world.reference(engine);
        List<String> disagreements = new ArrayList<>();
        for (EgressRequest r : world.requests()) {
            Decision expected = reference.decide(r);
            Decision actual = compiled.decide(r);
            Statistics.label("outcomes").collect(r.protocol().id() + " -> " + expected.verdict().id() + " "
                    + (expected.signal() == null ? "?" : expected.signal().id())
                    + (expected.policy() == null ? "" : " named"));
            if (!expected.sameOutcome(actual)) {
                disagreements.add(Worlds.describe(r) + "\n      reference: " + expected + "\n      matcher:   " + actual);
            }
        }
        Statistics.label("requests").collect(engine.id() + " " + "compared");
        assertThat(disagreements).as("%s engine, %s", engine.id(), world).isEmpty();
    }
}
