package egress.benchmarks;

import egress.benchmarks.PolicyWorkload.Kind;
import egress.benchmarks.PolicyWorkload.Policy;
import egress.benchmarks.PolicyWorkload.Route;
import egress.policy.match.Ipv4;
import egress.policy.model.Identity;
import egress.policy.yaml.ManifestWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Writes the inputs of the replay benchmark: the policies as YAML files (100 policies a file) and a
 * JSONL request mix for {@code egress simulate --requests}.
 *
 * <pre>java -cp ... egress.benchmarks.ReplayInputs POLICIES REQUESTS RESOURCES_DIR REQUESTS_FILE [SEED]</pre>
 *
 * <p>The mix: a policy is drawn at random (so about 60% http, 25% https, 15% tcp) and one of its sources
 * asks for something it allows; one line in ten asks for something refused instead. About two lines in
 * three are curl lines ({@code curl -s http://...}, {@code curl -sI https://...}, {@code -X POST}), the
 * rest the explicit form; tcp is always explicit, since curl cannot say "a raw TCP connection".
 */
public final class ReplayInputs {
    private static final int PER_FILE = 100;

    private ReplayInputs() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: ReplayInputs POLICIES REQUESTS RESOURCES_DIR REQUESTS_FILE [SEED]");
            System.exit(2);
        }
        int policies = Integer.parseInt(args[0]);
        long requests = Long.parseLong(args[1]);
        Path dir = Path.of(args[2]);
        Path file = Path.of(args[3]);
        long seed = args.length > 4 ? Long.parseLong(args[4]) : PolicyWorkload.DEFAULT_SEED;
        PolicyWorkload w = PolicyWorkload.generate(policies, seed);
        writePolicies(w, dir);
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            writeRequests(w, requests, new Random(seed ^ 0x5DEECE66DL), out);
        }
        System.err.printf("wrote %d policies to %s and %d requests to %s%n", policies, dir, requests, file);
    }

    static void writePolicies(PolicyWorkload w, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (int from = 0, n = 0; from < w.size(); from += PER_FILE, n++) {
            int to = Math.min(w.size(), from + PER_FILE);
            Files.writeString(
                    dir.resolve(String.format("egress-%03d.yaml", n)),
                    ManifestWriter.write(w.manifests(from, to)),
                    StandardCharsets.UTF_8);
        }
    }

    static void writeRequests(PolicyWorkload w, long count, Random rnd, Writer out) throws IOException {
        List<Policy> all = w.policies();
        StringBuilder line = new StringBuilder(160);
        for (long i = 0; i < count; i++) {
            Policy p = all.get(rnd.nextInt(all.size()));
            Identity from = p.sources().get(rnd.nextInt(p.sources().size()));
            line.setLength(0);
            line.append("{\"from\":\"")
                    .append(from.namespace())
                    .append('/')
                    .append(from.name())
                    .append('"');
            boolean curl = rnd.nextInt(3) != 0;
            if (rnd.nextInt(10) == 0) {
                refused(p, rnd, curl, line);
            } else {
                allowed(p, rnd, curl, line);
            }
            line.append("}\n");
            out.append(line);
        }
    }

    private static void allowed(Policy p, Random rnd, boolean curl, StringBuilder line) {
        switch (p.kind()) {
            case TCP -> {
                String cidr = p.cidrs().get(rnd.nextInt(p.cidrs().size()));
                explicit(line, "tcp", null, Ipv4.format(PolicyWorkload.addressIn(cidr, rnd)), p.port(), null, null);
            }
            case HTTPS -> {
                String host = PolicyWorkload.concrete(
                        p.hosts().get(rnd.nextInt(p.hosts().size())), rnd);
                if (curl) {
                    curl(line, "curl -sI https://" + host + "/");
                } else {
                    explicit(line, "tls", host, null, 443, null, null);
                }
            }
            default -> {
                String host = p.hosts().get(rnd.nextInt(p.hosts().size()));
                String method = "GET";
                String path = "/anything?page=" + rnd.nextInt(10);
                if (!p.routes().isEmpty()) {
                    Route r = p.routes().get(rnd.nextInt(p.routes().size()));
                    method = r.sampleMethod();
                    path = r.samplePath();
                }
                http(line, curl, host, p.port(), method, path);
            }
        }
    }

    private static void refused(Policy p, Random rnd, boolean curl, StringBuilder line) {
        if (p.kind() == Kind.HTTP && !p.routes().isEmpty() && rnd.nextBoolean()) {
            http(line, curl, p.hosts().get(0), p.port(), "DELETE", "/admin/drop-everything");
        } else if (p.kind() == Kind.TCP) {
            explicit(
                    line,
                    "tcp",
                    null,
                    "172.16." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254)),
                    p.port(),
                    null,
                    null);
        } else if (p.kind() == Kind.HTTPS) {
            String host = "unknown-" + rnd.nextInt(1000) + ".nowhere.example";
            if (curl) {
                curl(line, "curl -sI https://" + host + "/");
            } else {
                explicit(line, "tls", host, null, 443, null, null);
            }
        } else {
            http(line, curl, "unknown-" + rnd.nextInt(1000) + ".nowhere.example", 80, "GET", "/");
        }
    }

    private static void http(StringBuilder line, boolean curl, String host, int port, String method, String path) {
        if (curl) {
            String url = "http://" + host + (port == 80 ? "" : ":" + port) + path;
            curl(
                    line,
                    method.equals("GET")
                            ? "curl -s " + url
                            : method.equals("HEAD") ? "curl -sI " + url : "curl -s -X " + method + " " + url);
        } else {
            explicit(line, "http", host, null, port, method, path);
        }
    }

    private static void curl(StringBuilder line, String command) {
        line.append(",\"curl\":\"").append(command).append('"');
    }

    private static void explicit(
            StringBuilder line, String protocol, String host, String ip, int port, String method, String path) {
        line.append(",\"protocol\":\"").append(protocol).append('"');
        if (host != null) {
            line.append(",\"host\":\"").append(host).append('"');
        }
        if (ip != null) {
            line.append(",\"ip\":\"").append(ip).append('"');
        }
        line.append(",\"port\":").append(port);
        if (method != null) {
            line.append(",\"method\":\"").append(method).append('"');
        }
        if (path != null) {
            line.append(",\"path\":\"").append(path).append('"');
        }
    }
}
