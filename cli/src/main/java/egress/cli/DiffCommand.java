package egress.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import egress.cluster.deploy.ClusterImport;
import egress.cluster.kube.ClusterConnection;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.vocab.Namespaces;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.simulator.Simulator;
import egress.simulator.diff.Change;
import egress.simulator.diff.Impact;
import egress.simulator.diff.SemanticDiff;
import egress.simulator.mesh.Dns;
import egress.simulator.mesh.SimulatedMesh;
import egress.simulator.traffic.TrafficFormat;
import egress.simulator.traffic.TrafficReader;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "diff",
        description = {
            "What an edit to the policies changes: without traffic, every destination whose verdict changes, per",
            "client, each with a witness request the matcher decides differently; with --requests, the impact",
            "on recorded traffic (newly refused, newly allowed, allowed by another policy).",
            "  egress diff policies/ edited/",
            "  egress diff policies/ edited/ --requests access.log.gz",
            "Exit 0 when no verdict changes, 1 when some do, 2 when an input cannot be read (as diff(1))."
        })
final class DiffCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "BEFORE",
            description = "manifest file or folder, or cluster[:CONTEXT] for what the cluster of --kubeconfig holds")
    String before;

    @Parameters(index = "1", paramLabel = "AFTER", description = "manifest file or folder, or cluster[:CONTEXT]")
    String after;

    /** The cluster of a side given as {@code cluster[:CONTEXT]} (default: fabric8's, ~/.kube/config). */
    @Mixin
    KubeconfigOptions kube;

    @Option(
            names = "--requests",
            arity = "1..*",
            paramLabel = "TRAFFIC",
            description = "recorded traffic (any format simulate --requests reads); without it, a semantic diff")
    List<String> requests;

    @Option(names = "--from", paramLabel = "NS/SA", description = "with --requests: the client of Envoy access logs")
    String from;

    @Option(names = "--format", defaultValue = "auto", description = "with --requests: auto, enforcer, replay or envoy")
    String format;

    @Mixin
    EngineOption engine;

    @Option(names = "--output", defaultValue = "text", description = "text (default) or json")
    String output;

    @Option(
            names = {"-n", "--namespace"},
            paramLabel = "NS",
            description = "the namespace of objects written without one (default: default)")
    String namespace = "default";

    @Option(names = "--top", defaultValue = "20", description = "text output: at most this many groups of each kind")
    int top;

    @Override
    public Integer call() throws IOException {
        SimulatedMesh b;
        SimulatedMesh a;
        try {
            Engine e = engine.engine();
            // the two sides are read and compiled side by side: reading YAML is most of a large diff
            CompletableFuture<SimulatedMesh> first = CompletableFuture.supplyAsync(() -> load(before, e));
            a = load(after, e);
            b = first.join();
        } catch (CompletionException ex) {
            System.err.println("egress diff: "
                    + (ex.getCause() == null ? ex.getMessage() : ex.getCause().getMessage()));
            return 2;
        } catch (UncheckedManifestException | IllegalArgumentException ex) {
            System.err.println("egress diff: " + ex.getMessage());
            return 2;
        }
        boolean json = output.equals("json");
        if (requests != null) {
            TrafficReader reader;
            try {
                reader = new TrafficReader(
                        TrafficFormat.parse(format), from == null ? null : Identity.parse(from), System.err);
            } catch (IllegalArgumentException ex) {
                System.err.println("egress diff: " + ex.getMessage());
                return 2;
            }
            Impact impact = new Impact(new Simulator(b), new Simulator(a));
            for (String file : requests) {
                reader.read(file, impact::accept, System.console() == null ? null : System.err);
            }
            if (reader.requests() == 0 && reader.unreadable() > 0) {
                System.err.println("egress diff: no request could be read");
                return 2;
            }
            if (json) {
                impact.writeJson(System.out);
            } else {
                impact.print(System.out, top);
            }
            System.out.flush();
            return impact.verdictChanges() > 0 ? 1 : 0;
        }
        List<Change> changes = new SemanticDiff(b, a).changes();
        if (json) {
            writeJson(changes, System.out);
        } else {
            print(changes, System.out);
        }
        System.out.flush();
        return changes.isEmpty() ? 0 : 1;
    }

    /** The manifests of one side applied to a simulated mesh, compiled. */
    private SimulatedMesh load(String side, Engine engine) {
        SimulatedMesh mesh = new SimulatedMesh(engine, new Dns());
        List<Manifest> manifests;
        try {
            manifests = isCluster(side) ? fromCluster(side) : ManifestReader.read(Path.of(side));
        } catch (ManifestException ex) {
            throw new UncheckedManifestException(ex);
        }
        for (Manifest m : manifests) {
            if (!"EgressTest".equals(m.kind())) {
                mesh.apply(Namespaces.defaulted(m, namespace));
            }
        }
        mesh.compiled();
        return mesh;
    }

    /** {@code cluster} or {@code cluster:CONTEXT}, unless a file of that name is there. */
    private static boolean isCluster(String side) {
        return (side.equals("cluster") || side.startsWith("cluster:")) && !Files.exists(Path.of(side));
    }

    /** What the cluster holds, read as deploy reads it: every Egress, HTTPRouteGroup and UpstreamTrafficSetting. */
    private List<Manifest> fromCluster(String side) {
        String ctx = side.startsWith("cluster:") ? side.substring("cluster:".length()) : kube.context;
        try (ClusterConnection cluster =
                ClusterConnection.open(kube.kubeconfig, ctx == null || ctx.isEmpty() ? null : ctx)) {
            return ClusterImport.read(cluster.client());
        } catch (KubernetesClientException ex) {
            throw new IllegalArgumentException("cannot read the cluster for " + side + ": " + ex.getMessage(), ex);
        }
    }

    /** A manifest that cannot be read, carried out of the loading thread. */
    private static final class UncheckedManifestException extends RuntimeException {
        UncheckedManifestException(ManifestException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static void print(List<Change> changes, PrintStream out) {
        if (changes.isEmpty()) {
            out.println("no destination changes verdict");
            return;
        }
        String client = null;
        for (Change c : changes) {
            if (!c.from().toString().equals(client)) {
                client = c.from().toString();
                out.println(client + ":");
            }
            out.printf(
                    "  %-14s %s %s:%d%s  (%s -> %s)%n",
                    c.kind(),
                    c.protocol(),
                    c.destination(),
                    c.port(),
                    c.route().equals("-") ? "" : "  route " + c.route(),
                    policy(c.beforePolicy(), c.before().id()),
                    policy(c.afterPolicy(), c.after().id()));
            out.println("      " + c.witness());
        }
        out.println(changes.size() + " destination" + (changes.size() == 1 ? "" : "s") + " change verdict");
    }

    private static String policy(String policy, String verdict) {
        return policy == null ? verdict : verdict + " by " + policy;
    }

    private static void writeJson(List<Change> changes, PrintStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeArrayFieldStart("changes");
            for (Change c : changes) {
                g.writeStartObject();
                g.writeStringField("from", c.from().toString());
                g.writeStringField("change", c.kind());
                g.writeStringField("protocol", c.protocol());
                g.writeNumberField("port", c.port());
                g.writeStringField("destination", c.destination());
                g.writeStringField("route", c.route());
                g.writeStringField("before", c.before().id());
                g.writeStringField("beforePolicy", c.beforePolicy());
                g.writeStringField("after", c.after().id());
                g.writeStringField("afterPolicy", c.afterPolicy());
                g.writeStringField("witness", c.witness());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }
}
