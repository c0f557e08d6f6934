package egress.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestReader;
import egress.simulator.curl.CurlCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WorkbenchTest {
    private static final Identity CURL = Identity.parse("curl/curl");

    private static List<Manifest> allowing(String host) throws Exception {
        return ManifestReader.read("egress.yaml", """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: only, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [%s]
                  ports: [{number: 80, protocol: http}]
                ---
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: no-namespace}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [defaulted.example]
                  ports: [{number: 8080, protocol: http}]
                """.formatted(host));
    }

    private static boolean allowed(Workbench.Snapshot s, Engine engine, String url) throws Exception {
        Simulation r = s.simulator(engine, true).run(SimulatedRequest.curl(CURL, CurlCommand.parse("curl -sI " + url)));
        return r.decision() != null && r.decision().allowed();
    }

    @Test
    void manySimulationsAfterOneEditCompileOncePerEngine() throws Exception {
        Workbench bench = new Workbench();
        bench.replaceAll(allowing("a.example"));
        for (int i = 0; i < 10; i++) {
            assertThat(allowed(bench.snapshot(), Engine.OSM, "http://a.example"))
                    .isTrue();
            assertThat(allowed(bench.snapshot(), Engine.PIPY, "http://b.example"))
                    .isFalse();
        }
        bench.snapshot().graph(Engine.OSM);
        bench.snapshot().graph(Engine.PIPY);
        assertThat(bench.compiles()).isEqualTo(2);
        for (int i = 0; i < 5; i++) {
            bench.snapshot().report(Engine.OSM);
            bench.snapshot().report(null);
        }
        assertThat(bench.validations()).isEqualTo(2);
    }

    @Test
    void anEditInvalidatesAndTheNextReadCompilesTheNewSet() throws Exception {
        Workbench bench = new Workbench(allowing("a.example"));
        assertThat(allowed(bench.snapshot(), Engine.OSM, "http://a.example")).isTrue();
        long before = bench.snapshot().version();

        bench.replaceAll(allowing("b.example"));

        assertThat(bench.snapshot().version()).isGreaterThan(before);
        assertThat(allowed(bench.snapshot(), Engine.OSM, "http://a.example")).isFalse();
        assertThat(allowed(bench.snapshot(), Engine.OSM, "http://b.example")).isTrue();
        assertThat(bench.snapshot().graph(Engine.OSM).edges())
                .extracting(e -> e.destination())
                .contains("b.example")
                .doesNotContain("a.example");
        assertThat(bench.compiles()).isEqualTo(2);
    }

    @Test
    void aMissingNamespaceIsDefaultAndTestFilesAreLeftOut() throws Exception {
        List<Manifest> withTest = new ArrayList<>(allowing("a.example"));
        withTest.addAll(ManifestReader.read("tests.yaml", """
                apiVersion: egress-designer.dev/v1
                kind: EgressTest
                metadata: {name: t}
                """));
        Workbench bench = new Workbench(withTest);
        assertThat(bench.snapshot().mesh(Engine.OSM).objects())
                .hasSize(2)
                .allSatisfy(m -> assertThat(m.namespace()).isNotNull());
        assertThat(allowed(bench.snapshot(), Engine.OSM, "http://defaulted.example:8080"))
                .isTrue();
    }

    @Test
    void syncingTheSameObjectsKeepsTheVersionAndItsCompiledSets() throws Exception {
        List<Manifest> set = allowing("a.example");
        Workbench bench = new Workbench();
        Workbench.Snapshot first = bench.sync(set);
        first.mesh(Engine.OSM);
        assertThat(bench.sync(new ArrayList<>(set))).isSameAs(first);
        bench.sync(set).mesh(Engine.OSM);
        assertThat(bench.compiles()).isEqualTo(1);

        Workbench.Snapshot edited = bench.sync(allowing("a.example"));
        assertThat(edited).isNotSameAs(first);
        edited.mesh(Engine.OSM);
        assertThat(bench.compiles()).isEqualTo(2);
    }

    @Test
    void concurrentReadersOfOneVersionWaitForOneCompile() throws Exception {
        Workbench bench = new Workbench(allowing("a.example"));
        Workbench.Snapshot s = bench.snapshot();
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return allowed(s, Engine.OSM, "http://a.example");
                }));
            }
            go.countDown();
            for (Future<Boolean> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(bench.compiles()).isEqualTo(1);
    }

    /**
     * While one thread edits back and forth between a set allowing only a.example and one allowing only
     * b.example, readers simulate both against one snapshot: exactly one of the two is allowed every time.
     */
    @Test
    void simulationsDuringEditsSeeTheOldOrTheNewVersionNeverAMix() throws Exception {
        List<Manifest> a = allowing("a.example");
        List<Manifest> b = allowing("b.example");
        Workbench bench = new Workbench(a);
        int readers = 3;
        int rounds = 200;
        AtomicBoolean editing = new AtomicBoolean(true);
        CountDownLatch started = new CountDownLatch(readers);
        ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
        try {
            Future<Integer> editor = pool.submit(() -> {
                started.await();
                for (int i = 0; i < rounds; i++) {
                    bench.replaceAll(i % 2 == 0 ? b : a);
                }
                editing.set(false);
                return rounds;
            });
            List<Future<Integer>> checks = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                checks.add(pool.submit(() -> {
                    started.countDown();
                    int n = 0;
                    while (editing.get() || n == 0) {
                        Workbench.Snapshot s = bench.snapshot();
                        boolean toA = allowed(s, Engine.OSM, "http://a.example");
                        boolean toB = allowed(s, Engine.OSM, "http://b.example");
                        assertThat(toA).as("version %d", s.version()).isNotEqualTo(toB);
                        assertThat(toA).isEqualTo(s.manifests().get(0) == a.get(0));
                        n++;
                    }
                    return n;
                }));
            }
            assertThat(editor.get(60, TimeUnit.SECONDS)).isEqualTo(rounds);
            for (Future<Integer> f : checks) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(bench.snapshot().version()).isEqualTo(rounds);
    }
}
