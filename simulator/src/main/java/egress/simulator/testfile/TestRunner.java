package egress.simulator.testfile;

import egress.policy.i18n.Message;
import egress.policy.match.Decision;
import egress.policy.model.MeshConfig;
import egress.policy.validate.Admission;
import egress.policy.validate.Diagnostic;
import egress.simulator.Simulation;
import egress.simulator.Simulator;
import egress.simulator.mesh.Dns;
import egress.simulator.mesh.SimulatedMesh;
import egress.simulator.mesh.SimulatedUpstream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Runs the cases of an EgressTest file in order, each against the state the earlier ones left. */
public final class TestRunner {
    private TestRunner() {}

    /** Runs the file with the server-name check on, unless the file turns it off. */
    public static List<CaseResult> run(EgressTestFile file) {
        return run(file, true);
    }

    /**
     * Runs the file; {@code sniDestinationCheck} is the server-name check (the enforcer's
     * {@code --sni-destination-check}) for a file whose {@code mesh.sniDestinationCheck} does not say.
     */
    public static List<CaseResult> run(EgressTestFile file, boolean sniDestinationCheck) {
        SimulatedMesh mesh = new SimulatedMesh(file.engine(), new Dns(file.dns()));
        mesh.mergeMeshConfig(Map.of(
                "enableEgressPolicy",
                MeshConfig.DEFAULT.enableEgressPolicy(),
                "enableEgress",
                MeshConfig.DEFAULT.enableEgress()));
        mesh.mergeMeshConfig(file.meshConfig());
        mesh.monitorNamespaces(file.monitoredNamespaces());
        file.resources().forEach(mesh::apply);
        boolean check = file.sniDestinationCheck() != null ? file.sniDestinationCheck() : sniDestinationCheck;
        Simulator simulator = new Simulator(mesh, new SimulatedUpstream(), check);
        List<CaseResult> results = new ArrayList<>();
        for (TestCase c : file.cases()) {
            c.apply().forEach(mesh::apply);
            c.delete().forEach(d -> mesh.delete(d.kind(), d.namespace(), d.name()));
            if (!c.meshConfig().isEmpty()) {
                mesh.mergeMeshConfig(c.meshConfig());
            }
            results.add(c.admit() != null ? admit(file, c, mesh) : request(file, c, simulator.run(c.request())));
        }
        return results;
    }

    private static CaseResult admit(EgressTestFile file, TestCase c, SimulatedMesh mesh) {
        String ns = c.admit().namespace();
        boolean webhook = mesh.scope().webhookChecks(ns == null ? "default" : ns);
        List<Diagnostic> errors = Admission.check(c.admit(), webhook).stream()
                .filter(Diagnostic::isError)
                .toList();
        String message = errors.stream()
                .map(d -> (d.path().isEmpty() ? "" : d.path() + ": ") + d.message())
                .collect(Collectors.joining("; "));
        Map<String, Object> actual = new LinkedHashMap<>();
        actual.put("admission", errors.isEmpty() ? "accept" : "reject");
        actual.put("message", message);
        Expectation e = c.expect();
        List<Message> failures = new ArrayList<>();
        check(failures, "admission", e.admission(), actual.get("admission"));
        if (e.message() != null
                && !message.toLowerCase(Locale.ROOT).contains(e.message().toLowerCase(Locale.ROOT))) {
            failures.add(Message.of("test.message-should-contain", e.message(), message));
        }
        return result(file, c, e, actual, failures, null);
    }

    private static CaseResult request(EgressTestFile file, TestCase c, Simulation s) {
        Decision d = s.decision();
        Map<String, Object> actual = new LinkedHashMap<>();
        actual.put("verdict", s.verdict().id());
        actual.put("signal", s.outcome().signal());
        actual.put("exitCode", s.exitCode());
        actual.put(
                "policy", d == null || d.policy() == null ? "none" : d.policy().toString());
        actual.put(
                "upstream",
                d == null || d.upstream() == null ? null : d.upstream().toString());
        Message reason = d == null ? Message.of("explain.unresolved") : d.reasonMessage();
        actual.put("reason", reason.english());
        Expectation e = c.expect();
        List<Message> failures = new ArrayList<>();
        check(failures, "verdict", e.verdict(), actual.get("verdict"));
        if (e.signals() != null && !e.signals().contains(s.outcome().signal())) {
            failures.add(Message.of(
                    "test.signal-should-be",
                    String.join(" or ", e.signals()),
                    s.outcome().signal()));
        }
        check(failures, "exitCode", e.exitCode(), actual.get("exitCode"));
        check(failures, "policy", e.policy(), actual.get("policy"));
        check(failures, "upstream", e.upstream(), actual.get("upstream"));
        if (e.body() != null) {
            String body = s.outcome().response() == null
                    ? null
                    : s.outcome().response().body();
            if (body == null || !body.contains(e.body())) {
                failures.add(
                        body == null
                                ? Message.of("test.body-missing", e.body())
                                : Message.of("test.body-should-contain", e.body(), body));
            }
        }
        if (e.admission() != null) {
            failures.add(Message.of("test.admission-only-with-admit"));
        }
        return result(file, c, e, actual, failures, reason);
    }

    private static CaseResult result(
            EgressTestFile file,
            TestCase c,
            Expectation e,
            Map<String, Object> actual,
            List<Message> failures,
            Message reason) {
        return new CaseResult(
                file.path(),
                c.name(),
                failures.isEmpty(),
                e.given(),
                actual,
                failures.stream().map(Message::english).toList(),
                List.copyOf(failures),
                reason);
    }

    private static void check(List<Message> failures, String field, Object expected, Object actual) {
        if (expected != null && !String.valueOf(expected).equals(String.valueOf(actual))) {
            failures.add(Message.of("test.should-be", field, String.valueOf(expected), String.valueOf(actual)));
        }
    }
}
