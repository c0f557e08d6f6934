package egress.simulator.learn;

import egress.policy.match.AppProtocol;
import egress.policy.match.CompiledPolicySet;
import egress.policy.match.EgressRequest;
import egress.policy.match.PolicyCompiler;
import egress.policy.match.Verdict;
import egress.policy.model.Engine;
import egress.policy.model.PolicySet;
import egress.policy.yaml.Manifest;
import egress.policy.yaml.ManifestException;
import egress.policy.yaml.ManifestReader;
import egress.policy.yaml.ManifestWriter;
import egress.simulator.Simulator;
import egress.simulator.mesh.Dns;
import egress.simulator.mesh.SimulatedMesh;
import egress.simulator.traffic.RecordedRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Learns policies from recorded traffic: feed it every request ({@link #accept}), then {@link #learn}.
 * Requests allowed when recorded (or recorded without a verdict) are learned; refused ones are kept
 * apart, checked against the learned set with the real matcher, and stay refused: an HTTP destination
 * with refused requests gets exact routes whatever {@code --routes} says.
 */
public final class Learner {
    /** At most this many allowed requests are pinned in the test file (a sample beyond it). */
    static final int MAX_ALLOWED_CASES = 2000;

    static final int MAX_REFUSED_CASES = 50;
    private final Engine engine;
    private final RouteMode routes;
    private final int tcpPrefix;
    private final Simulator resolver;
    private final Observations seen = new Observations();

    /**
     * @param tcpPrefix the prefix length of learned TCP ranges: 32 (the default) allows exactly the
     *                  addresses seen, a smaller one the /N around each
     */
    public Learner(Engine engine, RouteMode routes, int tcpPrefix) {
        if (tcpPrefix < 8 || tcpPrefix > 32) {
            throw new IllegalArgumentException("--tcp-prefix " + tcpPrefix + " is outside 8-32");
        }
        this.engine = engine;
        this.routes = routes;
        this.tcpPrefix = tcpPrefix;
        this.resolver = new Simulator(new SimulatedMesh(engine, new Dns()));
    }

    public void accept(RecordedRequest r) {
        EgressRequest e = resolver.request(r.request());
        if (e == null) {
            seen.unlearnable++;
            return;
        }
        if (r.allowedWhenRecorded()) {
            seen.allowed(e, r.time());
        } else {
            seen.refused(e, r.policy(), r.time());
        }
    }

    public Learned learn() {
        Set<Observations.HttpKey> exact = new HashSet<>();
        List<Proposal> proposals = new Proposals(engine, routes, tcpPrefix, exact).build(seen);
        CompiledPolicySet compiled = compile(proposals);
        for (Observations.Refused f : seen.refused.values()) {
            EgressRequest r = f.request();
            if (compiled.decide(r).verdict() == Verdict.ALLOW && r.protocol() == AppProtocol.HTTP && r.host() != null) {
                exact.add(
                        new Observations.HttpKey(r.source(), r.port(), r.host().toLowerCase(Locale.ROOT)));
            }
        }
        if (!exact.isEmpty()) {
            proposals = new Proposals(engine, routes, tcpPrefix, exact).build(seen);
            compiled = compile(proposals);
        }
        List<String> warnings = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<LearnedCase> cases = new ArrayList<>();
        List<Observations.Refused> byCount = new ArrayList<>(seen.refused.values());
        byCount.sort(Comparator.comparingLong((Observations.Refused f) -> -f.seen().count)
                .thenComparing(f -> LearnedCase.describe(f.request())));
        int refusedCases = 0;
        for (Observations.Refused f : byCount) {
            String what = LearnedCase.describe(f.request());
            boolean stillRefused = compiled.decide(f.request()).verdict() != Verdict.ALLOW;
            refused.add(String.format(
                    "%,10d  %s  (%s%s)",
                    f.seen().count,
                    what,
                    f.recordedPolicy() == null ? "refused" : "refused by " + f.recordedPolicy(),
                    stillRefused ? "" : "; ALLOWED by the learned set: the same destination was allowed elsewhere"));
            if (!stillRefused) {
                warnings.add("refused when recorded, allowed by the learned set (another request to the same"
                        + " destination was allowed): " + what);
            } else if (refusedCases < MAX_REFUSED_CASES) {
                refusedCases++;
                cases.add(new LearnedCase("stays refused: " + what, f.request(), false));
            }
        }
        if (seen.refusedNotKept > 0) {
            refused.add(String.format(
                    "%,10d  more refused requests to other destinations (only the first %,d kept)",
                    seen.refusedNotKept, Observations.MAX_REFUSED));
        }
        List<LearnedCase> allowed = allowedCases();
        long skipped = Math.max(0, allowed.size() - MAX_ALLOWED_CASES);
        double step = allowed.size() / (double) Math.min(allowed.size(), MAX_ALLOWED_CASES);
        List<LearnedCase> pinned = new ArrayList<>();
        for (int i = 0; i < Math.min(allowed.size(), MAX_ALLOWED_CASES); i++) {
            pinned.add(allowed.get((int) (i * step)));
        }
        for (LearnedCase c : allowed) {
            if (compiled.decide(c.request()).verdict() != Verdict.ALLOW) {
                warnings.add("allowed when recorded but not by the learned set (please report this): "
                        + LearnedCase.describe(c.request()));
            }
        }
        if (seen.unlearnable > 0) {
            warnings.add(seen.unlearnable + " requests had no destination name or address to learn from");
        }
        pinned.addAll(cases);
        return new Learned(
                proposals,
                tests(proposals, pinned, allowed.size(), skipped),
                refused,
                warnings,
                seen.allowedCount,
                seen.refusedCount);
    }

    /** Every distinct allowed request the observations still hold, in a stable order. */
    private List<LearnedCase> allowedCases() {
        List<LearnedCase> out = new ArrayList<>();
        seen.http.forEach((k, d) -> {
            String authority = k.port() == 80 ? k.host() : k.host() + ":" + k.port();
            d.paths.forEach((path, p) -> {
                for (String method : p.methods) {
                    EgressRequest r = EgressRequest.http(
                            k.id(), d.ip, k.port(), authority, method, path, Map.of("host", authority));
                    out.add(new LearnedCase(
                            "allowed: " + LearnedCase.describe(r)
                                    + (p.prefix ? " (a folder: more" + " paths were seen than are kept)" : ""),
                            r,
                            true));
                }
            });
        });
        seen.tls.forEach((k, d) -> {
            int ip = d.ips.firstKey();
            EgressRequest r = new EgressRequest(
                    k.id(), AppProtocol.TLS, ip, k.port(), k.sni(), null, null, null, Map.of(), k.sni(), false);
            out.add(new LearnedCase("allowed: " + LearnedCase.describe(r), r, true));
        });
        seen.tcp.forEach((k, d) -> d.ips.keySet().forEach(ip -> {
            EgressRequest r = EgressRequest.tcp(k.id(), ip, k.port(), k.serverFirst());
            out.add(new LearnedCase("allowed: " + LearnedCase.describe(r), r, true));
        }));
        out.sort(Comparator.comparing(LearnedCase::name));
        return out;
    }

    private String tests(List<Proposal> proposals, List<LearnedCase> cases, int distinct, long skipped) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("apiVersion", "egress.designer/v1");
        file.put("kind", "EgressTest");
        file.put("metadata", Map.of("name", "learned"));
        file.put("engine", engine.name().toLowerCase(Locale.ROOT));
        file.put("resourceFiles", proposals.stream().map(p -> "../" + p.file()).toList());
        file.put("cases", cases.stream().map(LearnedCase::toYaml).toList());
        String head = "# Written by egress learn: every distinct request allowed when recorded (" + distinct + ")"
                + (skipped > 0 ? ", of which an even sample of " + (distinct - skipped) + " is pinned here," : "")
                + " stays allowed,\n# and a sample of the refused ones stays refused. Run it: egress test "
                + TESTS_FILE_HINT + "\n";
        return head + ManifestWriter.write(file);
    }

    private static final String TESTS_FILE_HINT = "DIR/" + Learned.TESTS_FILE;

    private CompiledPolicySet compile(List<Proposal> proposals) {
        List<Manifest> manifests = new ArrayList<>();
        for (Proposal p : proposals) {
            try {
                manifests.addAll(ManifestReader.read(p.file(), p.yaml()));
            } catch (ManifestException e) {
                throw new IllegalStateException("a learned manifest does not read back: " + e.getMessage(), e);
            }
        }
        PolicySet set = PolicySet.of(manifests);
        return PolicyCompiler.compile(set, set.meshConfigOrDefault(), engine);
    }
}
