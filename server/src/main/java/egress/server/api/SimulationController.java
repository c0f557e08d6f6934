package egress.server.api;

import egress.policy.i18n.Message;
import egress.policy.match.Decision;
import egress.policy.match.RuleRef;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.server.workspace.Workspace;
import egress.server.workspace.WorkspaceFiles;
import egress.simulator.SimulatedRequest;
import egress.simulator.Simulation;
import egress.simulator.Simulator;
import egress.simulator.curl.CurlCommand;
import egress.simulator.curl.CurlParseException;
import egress.simulator.testfile.CaseResult;
import egress.simulator.testfile.TestRun;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Simulated curl requests against the workspace's policies, and EgressTest files. */
final class SimulationController {
    private static final int MAX_BATCH = 10_000;

    /**
     * One simulated request. {@code policy}, {@code rule} and {@code nearestMiss} repeat what the explanation
     * says as fields, so an editor can highlight the deciding policy and rule (or the closest miss). The texts
     * are in the request's language; {@code reasonCode}/{@code reasonArgs} and {@code nearestMissCode}/{@code
     * nearestMissArgs} are the same as a stable code and its arguments.
     */
    record SimulationView(
            String from,
            String curl,
            String verdict,
            String signal,
            Integer exitCode,
            String output,
            String explanation,
            String policy,
            RuleView rule,
            String reason,
            String nearestMiss,
            String reasonCode,
            List<String> reasonArgs,
            String nearestMissCode,
            List<String> nearestMissArgs) {}

    /** The deciding rule: {@code field} is the path of its port entry ({@code spec.ports[0]}). */
    record RuleView(
            String policy,
            String field,
            int portIndex,
            int port,
            String protocol,
            String host,
            String routeGroup,
            String routeMatch) {
        static RuleView of(RuleRef r) {
            return r == null
                    ? null
                    : new RuleView(
                            r.policy().toString(),
                            r.fieldPath(),
                            r.portIndex(),
                            r.port(),
                            r.protocol(),
                            r.host(),
                            r.routeGroup() == null ? null : r.routeGroup().toString(),
                            r.routeMatch());
        }
    }

    record TestRunView(int passed, int failed, List<TestCaseView> cases) {}

    /**
     * One case: {@code actual} as observed (its {@code reason} in English, as {@code expect.reason} matches it),
     * {@code failures} and {@code reason} in the request's language, with {@code failureCodes}, {@code reasonCode}
     * and {@code reasonArgs} as stable codes and arguments.
     */
    record TestCaseView(
            String file,
            String name,
            boolean passed,
            Map<String, Object> expected,
            Map<String, Object> actual,
            List<String> failures,
            List<String> failureCodes,
            String reason,
            String reasonCode,
            List<String> reasonArgs) {
        static TestCaseView of(CaseResult r, String file, Locale lang) {
            Message reason = r.reason();
            return new TestCaseView(
                    file,
                    r.name(),
                    r.passed(),
                    r.expected(),
                    r.actual(),
                    r.failures(lang),
                    r.failureDetails().stream().map(Message::code).toList(),
                    r.reason(lang),
                    reason == null ? null : reason.code(),
                    reason == null ? null : reason.textArgs(lang));
        }
    }

    private final Workspace workspace;

    SimulationController(Workspace workspace) {
        this.workspace = workspace;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/simulate", this::simulateOne);
        routes.post("/api/simulate/batch", this::simulateBatch);
        routes.post("/api/tests", this::runTests);
    }

    private void simulateOne(Context ctx) {
        Map<String, Object> body = Bodies.object(ctx);
        Simulator simulator = simulator(
                CheckController.engine(Bodies.string(body, "engine", false), "engine"),
                Bodies.flag(body, SNI_CHECK, true));
        ctx.json(simulate(simulator, body, "", CheckController.language(ctx)));
    }

    private void simulateBatch(Context ctx) {
        Map<String, Object> body = Bodies.object(ctx);
        Simulator simulator = simulator(
                CheckController.engine(Bodies.string(body, "engine", false), "engine"),
                Bodies.flag(body, SNI_CHECK, true));
        if (!(body.get("requests") instanceof List<?> requests) || requests.size() > MAX_BATCH) {
            throw ApiException.badRequest(
                    "Invalid field requests",
                    ProblemDetail.field("requests", "expected a list of at most " + MAX_BATCH + " {from, curl}"));
        }
        List<SimulationView> out = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            if (!(requests.get(i) instanceof Map<?, ?> m)) {
                throw ApiException.badRequest(
                        "Invalid request",
                        ProblemDetail.field("requests[" + i + "]", "expected an object {from, curl}"));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> request = (Map<String, Object>) m;
            out.add(simulate(simulator, request, "requests[" + i + "].", CheckController.language(ctx)));
        }
        ctx.json(Map.of("results", out));
    }

    private static SimulationView simulate(Simulator simulator, Map<String, Object> body, String prefix, Locale lang) {
        String from = Bodies.string(body, "from", true);
        String curl = Bodies.string(body, "curl", true);
        Identity identity;
        try {
            identity = Identity.parse(from);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(
                    "Invalid source identity", ProblemDetail.field(prefix + "from", e.getMessage()));
        }
        CurlCommand command;
        try {
            command = CurlCommand.parse(curl);
        } catch (CurlParseException e) {
            throw ApiException.badRequest(
                    "The curl line cannot be read", ProblemDetail.field(prefix + "curl", e.getMessage()));
        }
        Simulation s = simulator.run(SimulatedRequest.curl(identity, command));
        Decision d = s.decision();
        Message reason = d == null ? null : d.reasonMessage();
        Message miss = d == null || d.allowed() ? null : d.nearestMissMessage();
        return new SimulationView(
                from,
                curl,
                s.verdict().id(),
                s.outcome().signal(),
                s.exitCode(),
                s.kubectlOutput(),
                s.explain(lang),
                d == null || d.policy() == null ? null : d.policy().toString(),
                d == null ? null : RuleView.of(d.rule()),
                reason == null ? null : reason.render(lang),
                miss == null ? null : miss.render(lang),
                reason == null ? null : reason.code(),
                reason == null ? null : reason.textArgs(lang),
                miss == null ? null : miss.code(),
                miss == null ? null : miss.textArgs(lang));
    }

    /** The enforcer's server-name check ({@code --sni-destination-check}); on unless the body says false. */
    private static final String SNI_CHECK = "sniDestinationCheck";

    /** A simulator over the workspace's set as compiled for the engine (cached: compiled once per change). */
    private Simulator simulator(Engine engine, boolean sniDestinationCheck) {
        return workspace.workbench().snapshot().simulator(engine == null ? Engine.OSM : engine, sniDestinationCheck);
    }

    /**
     * Runs the posted EgressTest text, taken to be the file {@code ?file=NAME} of the workspace folder, against
     * the workspace's workbench: a file it names ({@code resourceFiles}, {@code applyFiles}) that the workspace
     * holds is read as edited there, saved or not; any other is read only from inside that folder
     * ({@link WorkspaceFiles}). Posting the same text again before the next edit runs nothing.
     */
    private void runTests(Context ctx) {
        String name = ctx.queryParam("file");
        String file = name == null || name.isBlank() ? "tests.yaml" : name;
        String bad = WorkspaceFiles.badFileName(file);
        if (bad != null) {
            throw ApiException.badRequest("Invalid file name", ProblemDetail.field("file", bad));
        }
        WorkspaceController.read(file, ctx.body());
        Path folder = workspace.folder();
        Path location = folder == null ? Path.of(file) : folder.resolve(file);
        TestRun run = workspace
                .workbench()
                .snapshot()
                .test(location, file, ctx.body(), new WorkspaceFiles(folder, ApiServer.MAX_BODY_BYTES), true);
        if (run.error() != null) {
            throw ApiException.badRequest(
                    "The test file cannot be read",
                    ProblemDetail.field(null, run.error().getMessage()));
        }
        Locale lang = CheckController.language(ctx);
        List<TestCaseView> named =
                run.results().stream().map(r -> TestCaseView.of(r, file, lang)).toList();
        int passed = (int) named.stream().filter(TestCaseView::passed).count();
        ctx.json(new TestRunView(passed, named.size() - passed, named));
    }
}
