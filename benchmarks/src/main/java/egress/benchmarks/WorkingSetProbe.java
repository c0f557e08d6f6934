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
 *
 * <p>{@code WorkingSetProbe cpu [rounds [scenario-regex]]} instead times {@link DecideBenchmark}'s own request pools (10 and
 * 10,000 policies; host-only, route group, TLS, TCP, refused and mixed) in thread CPU time rather than wall time:
 * on a machine shared with other builds a thread that waits for the core is not charged, so the ratio of the
 * cost at 10,000 policies to the cost at 10 stays readable when JMH's per-second figures do not. It prints the
 * median and the best of {@code rounds} (default 30) rounds of 200,000 decisions. Both sets are built first and
 * every scenario at both sizes is warmed up before any is timed; each round then times every scenario at 10 and
 * at 10,000 policies in turn. {@code mixedByKind} (mixed's requests grouped by kind, so the kind seldom changes from
 * one decision to the next) runs only when the regex names it. (Timing each scenario to the end before the next, as this probe did before issue
 * 13's last matcher changes, timed the first scenarios at 10 policies on code compiled for them alone.)
 */
public final class WorkingSetProbe {
    private WorkingSetProbe() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("cpu")) {
            cpu(args.length > 1 ? Integer.parseInt(args[1]) : 30, args.length > 2 ? args[2] : null);
            return;
        }
        long sink = 0;
        for (int n : new int[] {10, 10_000}) {
            PolicyWorkload w = PolicyWorkload.generate(n);
            CompiledPolicySet c = PolicyCompiler.compile(PolicySet.of(w.manifests()), MeshConfig.DEFAULT, Engine.OSM);
            List<Policy> hostOnly = w.policies().stream()
                    .filter(p -> p.kind() == Kind.HTTP && p.routes().isEmpty())
                    .toList();
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
                System.out.printf(
                        "policies=%-6d requests on %4d host-only policies: %6.0f ns per decision (best round)%n",
                        n, from, best / 200_000.0);
            }
        }
        System.out.println(sink == 42 ? "" : "(done)");
    }

    private interface Scenario {
        Object decide(DecideBenchmark b, DecideBenchmark.Cursor c);
    }

    /** @param only a regex of the scenarios to run (all when null) */
    private static void cpu(int rounds, String only) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        String[] allNames = {"hostOnlyHttp", "routeGroupHttp", "tlsSni", "tcpCidr", "refused", "mixed", "mixedByKind"};
        Scenario[] allScenarios = {
            DecideBenchmark::hostOnlyHttp,
            DecideBenchmark::routeGroupHttp,
            DecideBenchmark::tlsSni,
            DecideBenchmark::tcpCidr,
            DecideBenchmark::refused,
            DecideBenchmark::mixed,
            DecideBenchmark::mixedByKind
        };
        List<String> kept = new java.util.ArrayList<>();
        List<Scenario> keptScenarios = new java.util.ArrayList<>();
        for (int k = 0; k < allNames.length; k++) {
            // mixedByKind (mixed's requests grouped by kind) only when asked for by a regex
            if (only == null ? !allNames[k].equals("mixedByKind") : allNames[k].matches(only)) {
                kept.add(allNames[k]);
                keptScenarios.add(allScenarios[k]);
            }
        }
        String[] names = kept.toArray(new String[0]);
        Scenario[] scenarios = keptScenarios.toArray(new Scenario[0]);
        int[] sizes = {10, 10_000};
        DecideBenchmark[] benches = new DecideBenchmark[sizes.length];
        for (int s = 0; s < sizes.length; s++) {
            benches[s] = new DecideBenchmark();
            benches[s].policies = sizes[s];
            benches[s].setUp();
        }
        System.out.println("requests carry the set's own client identities: " + benches[0].intern
                + "; requests hold their own copies of their strings: " + benches[0].fresh);
        DecideBenchmark.Cursor c = new DecideBenchmark.Cursor();
        // every scenario at both sizes runs before any is timed, and the rounds alternate the sizes, so that both
        // sides run the same compiled code (no scenario is timed on a profile that has seen only itself) and the
        // machine's load falls on both alike
        long[][][] ns = new long[sizes.length][names.length][rounds];
        long sink = 0;
        for (int round = -5; round < rounds; round++) { // five rounds of warm-up
            for (int k = 0; k < names.length; k++) {
                for (int s = 0; s < sizes.length; s++) {
                    long t = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < 200_000; i++) {
                        sink += scenarios[k].decide(benches[s], c).hashCode();
                    }
                    if (round >= 0) {
                        ns[s][k][round] = threads.getCurrentThreadCpuTime() - t;
                    }
                }
            }
        }
        double[][] median = new double[sizes.length][names.length];
        for (int s = 0; s < sizes.length; s++) {
            for (int k = 0; k < names.length; k++) {
                java.util.Arrays.sort(ns[s][k]);
                median[s][k] = ns[s][k][rounds / 2] / 200_000.0;
                System.out.printf(
                        "policies=%-6d %-15s CPU ns per decision: median %7.1f, best %7.1f%n",
                        sizes[s], names[k], median[s][k], ns[s][k][0] / 200_000.0);
            }
        }
        for (int k = 0; k < names.length; k++) {
            System.out.printf(
                    "%-15s cost at 10,000 / cost at 10 (medians): %.2fx; at 10,000: %.2f M decisions per CPU-second%n",
                    names[k], median[1][k] / median[0][k], 1e3 / median[1][k]);
        }
        System.out.println(sink == 42 ? "" : "(done)");
    }
}
