package egress.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestReader;
import egress.simulator.testfile.CaseResult;
import egress.simulator.testfile.ResourceFileReader;
import egress.simulator.testfile.TestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test files run against a workbench: the files they name as edited, the runs cached per version and text. */
class WorkbenchTestFilesTest {
    private static final String TEST = """
            apiVersion: egress.designer/v1
            kind: EgressTest
            resourceFiles: [policies/egress.yaml]
            cases:
            - name: a.example is allowed
              request: {from: curl/curl, curl: "curl -sI http://a.example"}
              expect: {verdict: allow}
            """;

    @TempDir
    Path dir;

    private static String egress(String host) {
        return """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: only, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [%s]
                  ports: [{number: 80, protocol: http}]
                """.formatted(host);
    }

    /** Reads from disk, counting what it read. */
    private static final class Disk implements ResourceFileReader {
        final List<String> read = new ArrayList<>();
        final ResourceFileReader disk;

        Disk(Path testFile) {
            disk = ResourceFileReader.relativeTo(testFile);
        }

        @Override
        public List<Manifest> read(String name) throws egress.policy.yaml.ManifestException {
            read.add(name);
            return disk.read(name);
        }
    }

    private Path saved(String host) throws Exception {
        Path file = dir.resolve("policies/egress.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, egress(host));
        return file;
    }

    private static boolean passed(TestRun run) {
        assertThat(run.error()).isNull();
        return run.results().stream().allMatch(CaseResult::passed);
    }

    @Test
    void aFileTheWorkbenchHoldsIsReadAsEditedNotAsSaved() throws Exception {
        Path policies = saved("a.example");
        Path test = dir.resolve("tests/a.yaml");
        Disk disk = new Disk(test);
        // the workspace read the file (by the path it was given, relative or not) and the user edited the host
        Workbench bench = new Workbench(ManifestReader.read(policies.toString(), egress("b.example")));

        TestRun run =
                bench.snapshot().test(test, "tests/a.yaml", TEST.replace("policies/", "../policies/"), disk, true);

        assertThat(passed(run)).isFalse();
        assertThat(run.results().get(0).failures()).containsExactly("verdict should be allow, got deny");
        assertThat(disk.read).isEmpty();
    }

    @Test
    void aFileTheWorkbenchDoesNotHoldIsReadThroughTheFallback() throws Exception {
        saved("a.example");
        Path test = dir.resolve("a.yaml");
        Disk disk = new Disk(test);
        Workbench bench =
                new Workbench(ManifestReader.read(dir.resolve("other.yaml").toString(), egress("b.example")));

        assertThat(passed(bench.snapshot().test(test, "a.yaml", TEST, disk, true)))
                .isTrue();
        assertThat(disk.read).containsExactly("policies/egress.yaml");

        saved("b.example"); // changed on disk only: the set did not change, the run is not kept
        assertThat(passed(bench.snapshot().test(test, "a.yaml", TEST, disk, true)))
                .isFalse();
        assertThat(bench.testRuns()).isEqualTo(2);
    }

    @Test
    void anObjectKeepsTheFileItBelongsToWhateverItsSourceSays() throws Exception {
        Path policies = saved("a.example");
        Path test = dir.resolve("a.yaml");
        Disk disk = new Disk(test);
        Workbench bench = new Workbench();
        // as the server holds an object the web page saved: its text is labelled web/..., its file is the original
        bench.replaceAll(ManifestReader.read("web/Egress.curl.only.yaml", egress("b.example")), List.of(policies));

        assertThat(passed(bench.snapshot().test(test, "a.yaml", TEST, disk, true)))
                .isFalse();
        assertThat(disk.read).isEmpty();
    }

    @Test
    void aSecondRunWithNothingChangedDecidesNothingAndAnEditRunsAgain() throws Exception {
        Path policies = saved("a.example");
        Path test = dir.resolve("a.yaml");
        Disk disk = new Disk(test);
        Workbench bench = new Workbench(ManifestReader.read(policies.toString(), egress("a.example")));

        TestRun first = bench.snapshot().test(test, "a.yaml", TEST, disk, true);
        TestRun again = bench.snapshot().test(test, "a.yaml", TEST, disk, true);

        assertThat(passed(first)).isTrue();
        assertThat(again).isSameAs(first);
        assertThat(bench.testRuns()).isEqualTo(1);

        bench.snapshot().test(test, "a.yaml", TEST.replace("a.example is allowed", "renamed"), disk, true);
        assertThat(bench.testRuns()).as("another text is another run").isEqualTo(2);

        bench.replaceAll(ManifestReader.read(policies.toString(), egress("b.example")));
        assertThat(passed(bench.snapshot().test(test, "a.yaml", TEST, disk, true)))
                .isFalse();
        assertThat(bench.testRuns()).isEqualTo(3);
        assertThat(disk.read).isEmpty();
    }

    @Test
    void anUnreadableTestIsCachedAsItsError() throws Exception {
        Workbench bench = new Workbench();
        Path test = dir.resolve("bad.yaml");
        String text =
                TEST.replace("resourceFiles: [policies/egress.yaml]\n", "").replace("cases:", "cases: 3");

        TestRun run = bench.snapshot().test(test, "bad.yaml", text, new Disk(test), true);

        assertThat(run.error()).isNotNull();
        assertThat(run.error().getMessage()).startsWith("bad.yaml:");
        assertThat(bench.snapshot().test(test, "bad.yaml", text, new Disk(test), true))
                .isSameAs(run);
        assertThat(bench.testRuns()).isEqualTo(1);
    }

    @Test
    void aFileThatCannotBeReadIsAnErrorNamingTheTestFileLineAndField() throws Exception {
        Workbench bench = new Workbench();
        Path test = dir.resolve("bad.yaml");

        TestRun run = bench.snapshot()
                .test(test, "bad.yaml", TEST.replace("policies/egress.yaml", "missing.yaml"), new Disk(test), true);

        assertThat(run.error().getMessage())
                .startsWith("bad.yaml:3:")
                .contains("resourceFiles[0]: cannot read missing.yaml");
    }

    @Test
    void addFileReadsAFileOnceForEveryTestThatNamesIt() throws Exception {
        Path policies = saved("a.example");
        Workbench bench = new Workbench();
        List<Manifest> read = ManifestReader.read(policies);

        long v = bench.addFile(policies, read).version();

        assertThat(bench.addFile(dir.resolve("policies/../policies/egress.yaml"), ManifestReader.read(policies))
                        .version())
                .isEqualTo(v);
        assertThat(bench.snapshot().file(policies)).isEqualTo(read);
        assertThat(bench.snapshot().file(dir.resolve("other.yaml"))).isNull();
    }
}
