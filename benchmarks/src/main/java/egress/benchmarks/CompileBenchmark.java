package egress.benchmarks;

import egress.policy.match.CompiledPolicySet;
import egress.policy.match.PolicyCompiler;
import egress.policy.model.Engine;
import egress.policy.model.MeshConfig;
import egress.policy.model.PolicySet;
import egress.policy.yaml.Manifest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compile time per set size, warm: {@code compile} starts from a mapped {@link PolicySet} (what the
 * simulator recompiles after a change); {@code mapAndCompile} starts from the manifests. The cold,
 * first-in-a-fresh-JVM figure comes from {@link RetainedMemory}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompileBenchmark {
    @Param({"10", "1000", "10000"})
    public int policies;

    private List<Manifest> manifests;
    private PolicySet set;

    @Setup(Level.Trial)
    public void setUp() {
        manifests = PolicyWorkload.generate(policies).manifests();
        set = PolicySet.of(manifests);
    }

    @Benchmark
    public CompiledPolicySet compile() {
        return PolicyCompiler.compile(set, MeshConfig.DEFAULT, Engine.OSM);
    }

    @Benchmark
    public CompiledPolicySet mapAndCompile() {
        return PolicyCompiler.compile(PolicySet.of(manifests), MeshConfig.DEFAULT, Engine.OSM);
    }
}
