package egress.benchmarks;

import egress.policy.model.Engine;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.simulator.Simulator;
import egress.simulator.mesh.Dns;
import egress.simulator.mesh.SimulatedMesh;
import egress.simulator.replay.Replay;
import egress.simulator.replay.ReplaySummary;
import egress.simulator.traffic.TrafficFormat;
import egress.simulator.traffic.TrafficReader;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The phases of {@code egress simulate --requests FILE --summary-only}, timed apart in one JVM, as
 * wall time and as the CPU time of the replaying thread (which a machine shared with other builds
 * disturbs far less than wall time): reading the manifests, applying them to the mesh, compiling,
 * and replaying. Does what the cli's simulate command does, without picocli. The thread CPU of the replay
 * phase leaves out the second thread, which decides the lines not seen before.
 *
 * <pre>java -cp ... egress.benchmarks.ReplayTiming RESOURCES_DIR REQUESTS_FILE</pre>
 */
public final class ReplayTiming {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ReplayTiming() {}

    public static void main(String[] args) throws IOException, ManifestException {
        long[] mark = now();
        var manifests = ManifestReader.read(Path.of(args[0]));
        long[] read = now();
        SimulatedMesh mesh = new SimulatedMesh(Engine.OSM, new Dns(Map.of()));
        for (Manifest m : manifests) {
            mesh.apply(m);
        }
        long[] applied = now();
        mesh.compiled();
        long[] compiled = now();
        ReplaySummary summary;
        // as simulate --requests FILE --summary-only replays it (lines remembered, new ones decided on a second thread)
        summary = new Replay(new Simulator(mesh))
                .run(
                        List.of(args[1]),
                        new TrafficReader(TrafficFormat.AUTO, null, new PrintStream(PrintStream.nullOutputStream())),
                        null,
                        null);
        long[] replayed = now();
        System.out.printf("manifests=%d requests=%d%n", manifests.size(), summary.total());
        phase("read manifests", mark, read, 0);
        phase("apply to mesh", read, applied, 0);
        phase("compile", applied, compiled, 0);
        phase("replay", compiled, replayed, summary.total());
    }

    private static long[] now() {
        return new long[] {System.nanoTime(), THREADS.getCurrentThreadCpuTime()};
    }

    private static void phase(String name, long[] from, long[] to, long requests) {
        double wallMs = (to[0] - from[0]) / 1e6;
        double cpuMs = (to[1] - from[1]) / 1e6;
        System.out.printf(
                "  %-15s wall %8.1f ms  thread cpu %8.1f ms%s%n",
                name,
                wallMs,
                cpuMs,
                requests > 0
                        ? String.format(
                                "  (%.2f us cpu per request, %.0f requests/s by cpu)",
                                cpuMs * 1000 / requests, requests / (cpuMs / 1000))
                        : "");
    }
}
