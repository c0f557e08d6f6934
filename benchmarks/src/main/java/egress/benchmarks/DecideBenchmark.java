package egress.benchmarks;

import egress.benchmarks.PolicyWorkload.Scenario;
import egress.policy.match.CompiledPolicySet;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.match.PolicyCompiler;
import egress.policy.match.Verdict;
import egress.policy.model.Engine;
import egress.policy.model.MeshConfig;
import egress.policy.model.PolicySet;
import java.util.ArrayList;
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
 * {@link CompiledPolicySet#decide} against 10, 1,000 and 10,000 generated policies, one request shape
 * per benchmark. Each benchmark walks a pool of 4,096 distinct requests (many clients, many hosts), so
 * the figures include the cache misses of a large set rather than one hot entry.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecideBenchmark {
    /**
     * How many requests each pool holds: 4096, or a power of two from {@code -Degress.bench.pool} (a pool larger
     * than the caches makes every scenario miss alike, at either size of set).
     */
    private static final int POOL = Integer.highestOneBit(Math.max(16, Integer.getInteger("egress.bench.pool", 4096)));

    @Param({"10", "1000", "10000"})
    public int policies;

    /**
     * Whether the requests carry the compiled set's own client identities ({@link CompiledPolicySet#client}), as a
     * caller that asks once per client does; false ({@code -Degress.bench.intern=false}) leaves them equal
     * identities of other instances, as the workload builds them.
     */
    public boolean intern = Boolean.parseBoolean(System.getProperty("egress.bench.intern", "true"));

    /**
     * Whether each request holds its own copies of its strings (Host, path, server name), as a request decoded
     * from the wire does. The workload builds requests from the policies' own host strings, and the compiler keeps
     * those same instances as its names, so without copies a lookup at 10,000 policies found the name it compares
     * already in cache because the request had just read it: a saving no proxy sees. False
     * ({@code -Degress.bench.fresh=false}) measures as before issue 13's fourth pass.
     */
    public boolean fresh = Boolean.parseBoolean(System.getProperty("egress.bench.fresh", "true"));

    private CompiledPolicySet compiled;
    private EgressRequest[] hostOnly;
    private EgressRequest[] routeGroup;
    private EgressRequest[] tls;
    private EgressRequest[] tcp;
    private EgressRequest[] refused;
    private EgressRequest[] mixed;
    /** The requests of {@link #mixed} grouped by kind (for {@link WorkingSetProbe}; not a JMH benchmark). */
    private EgressRequest[] mixedByKind;

    /** Where each benchmark thread is in the pools. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int advance() {
            int i = next;
            next = (i + 1) & (POOL - 1);
            return i;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        PolicyWorkload w = PolicyWorkload.generate(policies);
        compiled = PolicyCompiler.compile(PolicySet.of(w.manifests()), MeshConfig.DEFAULT, Engine.OSM);
        hostOnly = pool(w, Scenario.HOST_ONLY_HTTP, Verdict.ALLOW);
        routeGroup = pool(w, Scenario.ROUTE_GROUP_HTTP, Verdict.ALLOW);
        tls = pool(w, Scenario.TLS_SNI, Verdict.ALLOW);
        tcp = pool(w, Scenario.TCP_CIDR, Verdict.ALLOW);
        refused = pool(w, Scenario.REFUSED, Verdict.DENY);
        mixed = new EgressRequest[POOL];
        // the replay mix: 60% http (half of it with routes), 25% tls, 15% tcp, and 10% of all refused
        EgressRequest[][] kinds = {refused, hostOnly, routeGroup, tls, tcp};
        for (int i = 0; i < POOL; i++) {
            mixed[i] = kinds[kindOf(i)][i];
        }
        // the same requests, one kind after the other (in mixed's order within a kind)
        mixedByKind = new EgressRequest[POOL];
        int n = 0;
        for (int kind = 0; kind < kinds.length; kind++) {
            for (int i = 0; i < POOL; i++) {
                if (kindOf(i) == kind) {
                    mixedByKind[n++] = mixed[i];
                }
            }
        }
    }

    /** Which pool the mixed request {@code i} comes from: refused, host-only, route group, TLS, TCP. */
    private static int kindOf(int i) {
        int k = Math.floorMod(i * 0x9E3779B9, 100);
        return k < 10 ? 0 : k < 37 ? 1 : k < 64 ? 2 : k < 86 ? 3 : 4;
    }

    /**
     * {@link #POOL} requests of a scenario, each checked against the verdict it must get. An allowed
     * scenario must always be allowed; a refusal drawn at random may happen to be allowed by another
     * policy of the same client (a popular host shared by two policies), so those are drawn again.
     */
    private EgressRequest[] pool(PolicyWorkload w, Scenario s, Verdict expected) {
        List<EgressRequest> drawn = w.requests(s, 2 * POOL, 7L * policies + s.ordinal());
        List<EgressRequest> kept = new ArrayList<>(POOL);
        for (EgressRequest drawnRequest : drawn) {
            EgressRequest r = asCalled(drawnRequest);
            Decision d = compiled.decide(r);
            if (d.verdict() == expected) {
                kept.add(r);
            } else if (s != Scenario.REFUSED) {
                throw new IllegalStateException(s + " expected " + expected + " but got " + d + " for " + r);
            }
            if (kept.size() == POOL) {
                return kept.toArray(new EgressRequest[0]);
            }
        }
        throw new IllegalStateException("only " + kept.size() + " of " + POOL + " " + s + " requests got " + expected);
    }

    /**
     * The same request as the benchmark decides it: from the compiled set's own instance of its client identity
     * ({@link #intern}), with its own copies of its strings ({@link #fresh}).
     */
    private EgressRequest asCalled(EgressRequest r) {
        java.util.Map<String, String> headers = r.headers();
        if (fresh) {
            java.util.Map<String, String> copied = new java.util.HashMap<>();
            headers.forEach((k, v) -> copied.put(k, copy(v)));
            headers = java.util.Map.copyOf(copied);
        }
        return new EgressRequest(
                intern ? compiled.client(r.source()) : r.source(),
                r.protocol(),
                r.ip(),
                r.ipv6(),
                r.port(),
                fresh ? copy(r.host()) : r.host(),
                fresh ? copy(r.authority()) : r.authority(),
                r.method(),
                fresh ? copy(r.target()) : r.target(),
                headers,
                fresh ? copy(r.sni()) : r.sni(),
                r.serverFirst());
    }

    /** A string equal to {@code s} with bytes of its own ({@code new String(s)} would share them). */
    private static String copy(String s) {
        return s == null ? null : new String(s.toCharArray());
    }

    @Benchmark
    public Decision hostOnlyHttp(Cursor c) {
        return compiled.decide(hostOnly[c.advance()]);
    }

    @Benchmark
    public Decision routeGroupHttp(Cursor c) {
        return compiled.decide(routeGroup[c.advance()]);
    }

    @Benchmark
    public Decision tlsSni(Cursor c) {
        return compiled.decide(tls[c.advance()]);
    }

    @Benchmark
    public Decision tcpCidr(Cursor c) {
        return compiled.decide(tcp[c.advance()]);
    }

    @Benchmark
    public Decision refused(Cursor c) {
        return compiled.decide(refused[c.advance()]);
    }

    @Benchmark
    public Decision mixed(Cursor c) {
        return compiled.decide(mixed[c.advance()]);
    }

    /** {@link #mixed}'s requests, grouped by kind: what mixed costs when the kind seldom changes from one to the next. */
    public Decision mixedByKind(Cursor c) {
        return compiled.decide(mixedByKind[c.advance()]);
    }
}
