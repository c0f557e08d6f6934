package egress.cli;

import egress.policy.i18n.Message;
import egress.policy.model.Identity;
import egress.policy.vocab.Namespaces;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.simulator.SimulatedRequest;
import egress.simulator.Simulation;
import egress.simulator.Simulator;
import egress.simulator.curl.CurlCommand;
import egress.simulator.curl.CurlParseException;
import egress.simulator.mesh.Dns;
import egress.simulator.mesh.SimulatedMesh;
import egress.simulator.mesh.SimulatedUpstream;
import egress.simulator.replay.Replay;
import egress.simulator.replay.ReplaySummary;
import egress.simulator.traffic.TrafficFormat;
import egress.simulator.traffic.TrafficReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "simulate",
        description = {
            "Replay curl requests through the policies as the mesh would, and say what curl would see and why.",
            "  egress simulate --resources samples/ --from curl/curl -- curl -sI http://httpbin.org:80/get",
            "  egress simulate --resources samples/ --requests requests.jsonl > decisions.jsonl"
        })
final class SimulateCommand implements Callable<Integer> {
    @Option(
            names = "--resources",
            arity = "1..*",
            required = true,
            paramLabel = "FILE|DIR",
            description = "manifests: Egress, HTTPRouteGroup, MeshConfig, Namespace, Service, ...")
    List<Path> resources;

    @Mixin
    EngineOption engine;

    @Option(names = "--from", paramLabel = "NS/SA", description = "the client pod's service account")
    String from;

    @Option(
            names = "--requests",
            arity = "1..*",
            paramLabel = "TRAFFIC",
            description = "recorded requests, one JSON object a line (- for stdin; gzip read as is): the replay format,"
                    + " the enforcer's access log, or Envoy's (with --from)")
    List<String> requests;

    @Option(
            names = "--format",
            defaultValue = "auto",
            description = "with --requests: auto (default, told line by line)," + " replay, enforcer or envoy")
    String format;

    @Option(names = "--summary-only", description = "with --requests: print only the summary")
    boolean summaryOnly;

    @Option(names = "--explain", description = "say which policy and rule decided, or the nearest miss")
    boolean explain;

    @Option(
            names = {"-n", "--namespace"},
            paramLabel = "NS",
            description =
                    "the namespace of objects written without one, as kubectl apply -n gives it (default: default)")
    String namespace = "default";

    @Option(
            names = "--dns",
            paramLabel = "NAME=IP",
            description = "what the simulated DNS answers for a name (IPv4 or IPv6)")
    Map<String, String> dns = new LinkedHashMap<>();

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "MeshConfig keys as in test files, e.g. enableEgress=true, enableEgressPolicy=false")
    Map<String, String> meshConfig = new LinkedHashMap<>();

    @Mixin
    SniCheckOption sniCheck;

    @Parameters(paramLabel = "CURL", description = "the curl command line, after --")
    List<String> curl = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main parent;

    private Locale locale() {
        return parent == null ? Locale.ENGLISH : parent.locale;
    }

    @Override
    public Integer call() throws IOException {
        Dns answers;
        try {
            answers = new Dns(dns);
        } catch (IllegalArgumentException e) {
            System.err.println("egress simulate: --dns: " + e.getMessage());
            return 2;
        }
        SimulatedMesh mesh = new SimulatedMesh(engine.engine(), answers);
        try {
            for (Manifest m : readResources(resources)) {
                if (!"EgressTest".equals(m.kind())) {
                    mesh.apply(Namespaces.defaulted(m, namespace));
                }
            }
        } catch (ManifestException e) {
            System.err.println(e.getMessage(locale()));
            return 2;
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        meshConfig.forEach((k, v) -> keys.put(k, v.equals("true") || v.equals("false") ? Boolean.valueOf(v) : v));
        mesh.mergeMeshConfig(keys);
        Simulator simulator = new Simulator(mesh, new SimulatedUpstream(), sniCheck.check(spec));
        if (requests != null) {
            return replay(simulator);
        }
        if (from == null || curl.isEmpty()) {
            System.err.println(
                    "egress simulate: " + Message.of("cli.simulate-usage").render(locale()));
            return 2;
        }
        CurlCommand command;
        try {
            command = CurlCommand.parse(String.join(" ", quoteAll(curl)));
        } catch (CurlParseException e) {
            System.err.println("egress simulate: " + e.getMessage());
            return 2;
        }
        Simulation s = simulator.run(SimulatedRequest.curl(Identity.parse(from), command));
        System.out.print(s.kubectlOutput());
        if (explain) {
            System.out.println("# " + s.explain(locale()).replace("\n", "\n# "));
        }
        System.out.flush();
        return s.exitCode() == null ? 0 : s.exitCode();
    }

    private Integer replay(Simulator simulator) throws IOException {
        TrafficReader reader =
                new TrafficReader(TrafficFormat.parse(format), from == null ? null : Identity.parse(from), System.err);
        OutputStream out = summaryOnly ? null : new BufferedOutputStream(System.out, 1 << 16);
        ReplaySummary summary =
                new Replay(simulator).run(requests, reader, out, System.console() == null ? null : System.err);
        if (out != null) {
            out.flush();
        }
        summary.print(System.err, 10);
        return summary.unreadableLines() > 0 ? 1 : 0;
    }

    /**
     * The manifests of every path in order, as {@link ManifestReader#read(Path)} reads them one path after the other,
     * but the files two at a time (a thousand policies take a while to parse); the first error in that order is the
     * one thrown.
     */
    static List<Manifest> readResources(List<Path> paths) throws ManifestException {
        List<Callable<List<Manifest>>> reads = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                reads.add(() -> ManifestReader.read(p));
                continue;
            }
            List<Path> files;
            try {
                files = ManifestReader.manifestFiles(p);
            } catch (ManifestException e) {
                reads.add(() -> {
                    throw e;
                });
                continue;
            }
            for (Path f : files) {
                reads.add(() -> ManifestReader.read(f));
            }
        }
        List<Manifest> all = new ArrayList<>();
        if (reads.size() < 2) {
            for (Callable<List<Manifest>> r : reads) {
                all.addAll(get(r));
            }
            return all;
        }
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "read-manifests");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<Manifest>>> read = new ArrayList<>();
            for (Callable<List<Manifest>> r : reads) {
                read.add(pool.submit(r));
            }
            for (Future<List<Manifest>> f : read) {
                all.addAll(get(f::get));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Manifest> get(Callable<List<Manifest>> read) throws ManifestException {
        try {
            return read.call();
        } catch (ExecutionException e) {
            return rethrow(e.getCause());
        } catch (Exception e) {
            return rethrow(e);
        }
    }

    private static List<Manifest> rethrow(Throwable e) throws ManifestException {
        if (e instanceof ManifestException m) {
            throw m;
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException(e);
    }

    /** Words as the shell passed them; quote the ones with spaces again so the curl parser sees them whole. */
    private static List<String> quoteAll(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            boolean plain = !w.isEmpty() && w.chars().noneMatch(c -> " \t'\"\\$`|&;<>(){}*?".indexOf(c) >= 0);
            out.add(plain ? w : "'" + w.replace("'", "'\\''") + "'");
        }
        return out;
    }
}
