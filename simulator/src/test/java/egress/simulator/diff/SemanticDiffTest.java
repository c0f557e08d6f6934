package egress.simulator.diff;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.match.Verdict;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.yaml.ManifestReader;
import egress.simulator.SimulatedRequest;
import egress.simulator.Simulator;
import egress.simulator.curl.CurlCommand;
import egress.simulator.mesh.Dns;
import egress.simulator.mesh.SimulatedMesh;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemanticDiffTest {
    private static final String HEAD = "apiVersion: policy.openservicemesh.io/v1alpha1\nkind: Egress\n";
    private static final String GROUP = "apiVersion: specs.smi-spec.io/v1alpha4\nkind: HTTPRouteGroup\n";
    private static final String CURL = "  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]\n";

    static SimulatedMesh mesh(Engine engine, String yaml) throws Exception {
        SimulatedMesh m = new SimulatedMesh(engine, new Dns());
        ManifestReader.read("t.yaml", yaml).forEach(m::apply);
        return m;
    }

    private static List<Change> diff(Engine engine, String before, String after) throws Exception {
        return new SemanticDiff(mesh(engine, before), mesh(engine, after)).changes();
    }

    private static final String ONE = GROUP + """
            metadata: {name: routes, namespace: curl}
            spec:
              matches:
                - {name: get, pathRegex: /get, methods: [GET]}
                - {name: status, pathRegex: /status/.*, methods: [GET, POST]}
            ---
            """ + HEAD + """
            metadata: {name: web, namespace: curl}
            spec:
            """ + CURL + """
              hosts: [httpbin.org, example.com]
              ports: [{number: 80, protocol: http}]
              matches: [{apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: routes}]
            ---
            """ + HEAD + """
            metadata: {name: db, namespace: curl}
            spec:
            """ + CURL + """
              ipAddresses: [10.0.0.0/24]
              ports: [{number: 5432, protocol: tcp}]
            """;

    /** The same permissions: renamed, reordered, and split into one policy per host and per half range. */
    private static final String SPLIT = HEAD + """
            metadata: {name: db-high, namespace: curl}
            spec:
            """ + CURL + """
              ipAddresses: [10.0.0.128/25]
              ports: [{number: 5432, protocol: tcp}]
            ---
            """ + HEAD + """
            metadata: {name: db-low, namespace: curl}
            spec:
            """ + CURL + """
              ipAddresses: [10.0.0.0/25]
              ports: [{number: 5432, protocol: tcp}]
            ---
            """ + HEAD + """
            metadata: {name: example, namespace: curl}
            spec:
            """ + CURL + """
              hosts: [example.com]
              ports: [{number: 80, protocol: http}]
              matches: [{apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: other-name}]
            ---
            """
            + HEAD + """
            metadata: {name: httpbin, namespace: curl}
            spec:
            """ + CURL + """
              hosts: [httpbin.org]
              ports: [{number: 80, protocol: http}]
              matches: [{apiGroup: specs.smi-spec.io/v1alpha4, kind: HTTPRouteGroup, name: other-name}]
            ---
            """ + GROUP + """
            metadata: {name: other-name, namespace: curl}
            spec:
              matches:
                - {name: s, pathRegex: /status/.*, methods: [POST, GET]}
                - {name: g, pathRegex: /get, methods: [GET]}
            """;

    @Test
    void renamingReorderingAndSplittingPoliciesGivesAnEmptyDiff() throws Exception {
        assertThat(diff(Engine.OSM, ONE, SPLIT)).isEmpty();
        assertThat(diff(Engine.OSM, SPLIT, ONE)).isEmpty();
        assertThat(diff(Engine.OSM, ONE, ONE.replace("name: web", "name: website")))
                .isEmpty();
        assertThat(diff(Engine.PIPY, ONE, ONE.replace("name: db,", "name: database,")))
                .isEmpty();
        assertThat(diff(Engine.PIPY, ONE, SPLIT)).isEmpty();
    }

    @Test
    void aWidenedRouteIsShownWithAWitnessThatTheMatcherDecidesDifferently() throws Exception {
        String after = ONE.replace(
                "pathRegex: /status/.*, methods: [GET, POST]", "pathRegex: /status/.*, methods: [GET, POST, DELETE]");
        List<Change> changes = diff(Engine.OSM, ONE, after);
        assertThat(changes).isNotEmpty().allSatisfy(c -> {
            assertThat(c.from()).isEqualTo(Identity.parse("curl/curl"));
            assertThat(c.kind()).isEqualTo("newly allowed");
            assertThat(c.protocol()).isEqualTo("http");
            assertThat(c.route()).isEqualTo("GET,POST,DELETE /status/.*");
            assertThat(c.witness()).startsWith("curl -s -X DELETE http://");
        });
        assertThat(changes).extracting(Change::destination).containsExactlyInAnyOrder("example.com", "httpbin.org");
        for (Change c : changes) {
            confirm(Engine.OSM, ONE, after, c);
        }
    }

    @Test
    void aNarrowedRangeIsFoundAtItsBoundary() throws Exception {
        List<Change> changes = diff(Engine.OSM, ONE, ONE.replace("10.0.0.0/24", "10.0.0.0/25"));
        assertThat(changes).extracting(Change::destination).contains("10.0.0.128", "10.0.0.255");
        assertThat(changes).allSatisfy(c -> {
            assertThat(c.before()).isEqualTo(Verdict.ALLOW);
            assertThat(c.after()).isEqualTo(Verdict.DENY);
            assertThat(c.beforePolicy()).isEqualTo("curl/db");
            assertThat(c.port()).isEqualTo(5432);
        });
        assertThat(changes).extracting(Change::witness).contains("tcp 10.0.0.128:5432");
    }

    @Test
    void aHostThatNeitherSetNamesIsTriedToo() throws Exception {
        String before = HEAD + "metadata: {name: any-443, namespace: curl}\nspec:\n" + CURL
                + "  ports: [{number: 443, protocol: tcp}]\n";
        String after = HEAD + "metadata: {name: github, namespace: curl}\nspec:\n" + CURL
                + "  hosts: [github.com]\n  ports: [{number: 443, protocol: https}]\n";
        List<Change> changes = diff(Engine.OSM, before, after);
        assertThat(changes).anySatisfy(c -> {
            assertThat(c.protocol()).isEqualTo("tls");
            assertThat(c.destination()).isEqualTo(SemanticDiff.UNLISTED_HOST);
            assertThat(c.kind()).isEqualTo("newly refused");
            assertThat(c.witness())
                    .isEqualTo("curl -s --resolve " + SemanticDiff.UNLISTED_HOST + ":443:"
                            + egress.policy.match.Ipv4.format((int) new Dns().resolve(SemanticDiff.UNLISTED_HOST))
                            + " https://"
                            + SemanticDiff.UNLISTED_HOST + ":443/");
        });
        assertThat(changes)
                .noneMatch(c ->
                        c.destination().equals("github.com") && c.protocol().equals("tls"));
    }

    @Test
    void aClientWhosePoliciesAreGoneLosesEverything() throws Exception {
        List<Change> changes = diff(Engine.OSM, ONE, "");
        assertThat(changes).isNotEmpty().allSatisfy(c -> assertThat(c.kind()).isEqualTo("newly refused"));
        assertThat(changes).extracting(Change::witness).contains("curl -s http://httpbin.org/get", "tcp 10.0.0.0:5432");
    }

    /** The witness, run as the curl line a user would run, is decided differently under the two sets. */
    private static void confirm(Engine engine, String before, String after, Change c) throws Exception {
        SimulatedRequest r = SimulatedRequest.curl(c.from(), CurlCommand.parse(c.witness()));
        Verdict b = new Simulator(mesh(engine, before)).run(r, false).verdict();
        Verdict a = new Simulator(mesh(engine, after)).run(r, false).verdict();
        assertThat(b).as(c.witness()).isEqualTo(c.before());
        assertThat(a).as(c.witness()).isEqualTo(c.after());
    }
}
