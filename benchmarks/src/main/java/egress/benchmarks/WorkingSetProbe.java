package egress.benchmarks;

import egress.benchmarks.PolicyWorkload.Kind;
import egress.benchmarks.PolicyWorkload.Policy;
import egress.policy.match.CompiledPolicySet;
import egress.policy.match.EgressRequest;
import egress.policy.match.PolicyCompiler;
import egress.policy.model.Engine;
import egress.policy.model.MeshConfig;
import egress.policy.model.PolicySet;
import java.util.List;
import java.util.Random;

/**
 * Separates the cost of a larger policy set from the cost of spreading requests over more of it:
 * host-only HTTP decisions against 10 and 10,000 policies, with the 4,096 requests drawn from the
 * first 3, 64 or all host-only policies. If the cost at 10,000 policies with requests on 3 policies
 * equals the cost at 10, the per-decision work does not grow with the set, and what grows is the
 * memory the requests touch (cache and TLB misses). A quick probe, not a JMH benchmark: best of 30
 * rounds of 200,000 decisions.
 *
 * <pre>taskset -c 1 java -cp ... egress.benchmarks.WorkingSetProbe</pre>
 */
public final class WorkingSetProbe {
    private WorkingSetProbe() {
    }

    public static void main(String[] args) {
        long sink = 0;
        for (int n : new int[] {10, 10_000}) {
            PolicyWorkload w = PolicyWorkload.generate(n);
            CompiledPolicySet c = PolicyCompiler.compile(PolicySet.of(w.manifests()), MeshConfig.DEFAULT, Engine.OSM);
            List<Policy> hostOnly = w.policies().stream()
                    .filter(p -> p.kind() == Kind.HTTP && p.routes().isEmpty()).toList();
            for (int spread : new int[] {3, 64, Integer.MAX_VALUE}) {
                int from = Math.min(spread, hostOnly.size());
                Random rnd = new Random(1);
                EgressRequest[] pool = new EgressRequest[4096];
                for (int i = 0; i < pool.length; i++) {
                    pool[i] = w.allowed(hostOnly.get(rnd.nextInt(from)), rnd);
                }
                long best = Long.MAX_VALUE;
                for (int round = 0; round < 30; round++) {
                    long t = System.nanoTime();
                    for (int k = 0; k < 200_000; k++) {
                        sink += c.decide(pool[k & 4095]).hashCode();
                    }
                    best = Math.min(best, System.nanoTime() - t);
                }
                System.out.printf("policies=%-6d requests on %4d host-only policies: %6.0f ns per decision (best round)%n",
                        n, from, best / 200_000.0);
            }
        }
        System.out.println(sink == 42 ? "" : "(done)");
    }
}
