package egress.benchmarks;

import egress.benchmarks.PolicyWorkload.Policy;
import egress.policy.match.AppProtocol;
import egress.policy.match.EgressRequest;
import egress.policy.match.Ipv4;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestWriter;
import egress.policy.yaml.Tree;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes the inputs of the traffic benchmarks ({@code benchmarks/traffic-bench.sh}): the workload's
 * policies as {@code DIR/before/}, the same with one policy in a hundred edited (its port moved by one)
 * as {@code DIR/after/}, and REQUESTS recorded requests as {@code DIR/access.log} in the enforcer's
 * access-log format (the request mix of {@link PolicyWorkload}: one in ten refused, and logged so).
 *
 * <pre>java -cp ... egress.benchmarks.TrafficInputs POLICIES REQUESTS DIR [SEED]</pre>
 */
public final class TrafficInputs {
    private static final int PER_FILE = 100;

    private TrafficInputs() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: TrafficInputs POLICIES REQUESTS DIR [SEED]");
            System.exit(2);
        }
        int policies = Integer.parseInt(args[0]);
        long requests = Long.parseLong(args[1]);
        Path dir = Path.of(args[2]);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : PolicyWorkload.DEFAULT_SEED;
        PolicyWorkload w = PolicyWorkload.generate(policies, seed);
        ReplayInputs.writePolicies(w, dir.resolve("before"));
        int edited = writeEdited(w, dir.resolve("after"));
        if (requests > 0) {
            try (Writer out = new BufferedWriter(
                    Files.newBufferedWriter(dir.resolve("access.log"), StandardCharsets.UTF_8), 1 << 16)) {
                writeAccessLog(w, requests, new Random(seed ^ 0x5DEECE66DL), out);
            }
        }
        System.err.printf(
                "wrote %d policies (%d edited in after/) and %d requests to %s%n", policies, edited, requests, dir);
    }

    /** The policies again, every hundredth Egress with its first port moved by one. */
    static int writeEdited(PolicyWorkload w, Path dir) throws IOException {
        Files.createDirectories(dir);
        int edited = 0;
        for (int from = 0, n = 0; from < w.size(); from += PER_FILE, n++) {
            int to = Math.min(w.size(), from + PER_FILE);
            List<Manifest> out = new ArrayList<>();
            int index = from;
            for (Manifest m : w.manifests(from, to)) {
                if ("Egress".equals(m.kind()) && index++ % 100 == 50) {
                    Map<String, Object> content = Tree.thaw(m.content());
                    @SuppressWarnings("unchecked")
                    Map<String, Object> spec = (Map<String, Object>) content.get("spec");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> port = (Map<String, Object>) ((List<Object>) spec.get("ports")).get(0);
                    port.put("number", ((Number) port.get("number")).intValue() + 1);
                    out.add(m.withContent(content));
                    edited++;
                } else {
                    out.add(m);
                }
            }
            Files.writeString(
                    dir.resolve(String.format("egress-%03d.yaml", n)),
                    ManifestWriter.write(out),
                    StandardCharsets.UTF_8);
        }
        return edited;
    }

    static void writeAccessLog(PolicyWorkload w, long count, Random rnd, Writer out) throws IOException {
        List<Policy> all = w.policies();
        long start = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
        StringBuilder line = new StringBuilder(320);
        for (long i = 0; i < count; i++) {
            Policy p = all.get(rnd.nextInt(all.size()));
            boolean refused = rnd.nextInt(10) == 0;
            EgressRequest r = refused ? w.refused(p, rnd) : w.allowed(p, rnd);
            line.setLength(0);
            line.append("{\"time\":\"")
                    .append(Instant.ofEpochMilli(start + i * 3))
                    .append("\",\"source\":\"")
                    .append(r.source())
                    .append("\",\"protocol\":\"")
                    .append(
                            r.protocol() == AppProtocol.TCP && r.serverFirst()
                                    ? "tcp-server-first"
                                    : r.protocol().id())
                    .append("\",\"host\":");
            string(line, r.host());
            line.append(",\"ip\":\"")
                    .append(Ipv4.format(r.ip()))
                    .append("\",\"port\":")
                    .append(r.port())
                    .append(",\"sni\":");
            string(line, r.sni());
            line.append(",\"method\":");
            string(line, r.method());
            line.append(",\"path\":");
            string(line, r.target());
            line.append(",\"verdict\":\"")
                    .append(refused ? "deny" : "allow")
                    .append("\",\"signal\":\"")
                    .append(refused ? "connection-closed" : "forwarded")
                    .append("\",\"policy\":");
            string(line, refused ? null : p.namespace() + "/" + p.name());
            line.append(",\"rule\":null,\"reason\":\"generated\",\"snapshot\":1,\"bytes_up\":0,\"bytes_down\":0,"
                    + "\"duration_ms\":1}\n");
            out.append(line);
        }
    }

    private static void string(StringBuilder line, String s) {
        if (s == null) {
            line.append("null");
        } else {
            line.append('"')
                    .append(s.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
    }
}
