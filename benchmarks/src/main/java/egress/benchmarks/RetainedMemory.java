package egress.benchmarks;

import egress.policy.match.CompiledPolicySet;
import egress.policy.match.PolicyCompiler;
import egress.policy.model.Engine;
import egress.policy.model.MeshConfig;
import egress.policy.model.PolicySet;
import egress.policy.yaml.Manifest;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.List;

/**
 * Retained heap and cold compile time of one compiled set, measured in a fresh JVM:
 * {@code java -XX:+UseSerialGC -cp ... egress.benchmarks.RetainedMemory 10000}.
 *
 * <p>Heap in use is read after several full collections (with the serial collector a full GC compacts
 * everything, so the figure is what is reachable). It prints, on one line: the size of the manifests
 * plus the mapped {@link PolicySet}; what compiling adds on top of that (the set stays alive, as in the
 * simulator, which keeps its objects); what the compiled set keeps alone once manifests and set are
 * dropped (it still holds the Egress records it was built from); the time of a first tiny compile that
 * loads the classes (10 policies, mapping included), of the first compile of the measured set (cold code,
 * mostly interpreted) and the best of ten warm compiles.
 */
public final class RetainedMemory {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private RetainedMemory() {}

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        PolicyWorkload workload = PolicyWorkload.generate(size);
        // load and initialise the matcher's classes (and their static tables, such as RE2's) first,
        // so that they count in the baseline and not as memory of the set
        long start = System.nanoTime();
        PolicySet tiny = PolicySet.of(
                PolicyWorkload.generate(10, PolicyWorkload.DEFAULT_SEED + 1).manifests());
        Reference.reachabilityFence(PolicyCompiler.compile(tiny, MeshConfig.DEFAULT, Engine.OSM));
        long firstNanos = System.nanoTime() - start;
        long base = used();

        List<Manifest> manifests = workload.manifests();
        PolicySet set = PolicySet.of(manifests);
        long withSet = used();

        long t0 = System.nanoTime();
        CompiledPolicySet compiled = PolicyCompiler.compile(set, MeshConfig.DEFAULT, Engine.OSM);
        long coldNanos = System.nanoTime() - t0;
        long withCompiled = used();

        long warmNanos = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long t = System.nanoTime();
            CompiledPolicySet again = PolicyCompiler.compile(set, MeshConfig.DEFAULT, Engine.OSM);
            warmNanos = Math.min(warmNanos, System.nanoTime() - t);
            Reference.reachabilityFence(again);
        }
        Reference.reachabilityFence(manifests);
        Reference.reachabilityFence(set);
        manifests = null;
        set = null;
        long compiledOnly = used();
        Reference.reachabilityFence(compiled);

        System.out.printf(
                "policies=%d manifestsAndSetKiB=%d compiledOnTopKiB=%d compiledAloneKiB=%d"
                        + " bytesPerPolicyCompiled=%d classLoadingCompileMs=%.1f firstCompileMs=%.1f warmCompileMs=%.1f%n",
                size,
                (withSet - base) / 1024,
                (withCompiled - withSet) / 1024,
                (compiledOnly - base) / 1024,
                (withCompiled - withSet) / Math.max(1, size),
                firstNanos / 1e6,
                coldNanos / 1e6,
                warmNanos / 1e6);
        Reference.reachabilityFence(workload);
    }

    /** Heap in use after full collections, once it stops shrinking. */
    private static long used() {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = MEMORY.getHeapMemoryUsage().getUsed();
            if (now >= last) {
                return now;
            }
            last = now;
        }
        return last;
    }
}
