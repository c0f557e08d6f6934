package egress.designer.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import egress.designer.workspace.Doc;
import egress.policy.i18n.Message;
import egress.policy.match.Verdict;
import egress.policy.model.Engine;
import egress.policy.yaml.Manifest;
import egress.simulator.Workbench;
import egress.simulator.traffic.ChangeKind;
import egress.simulator.traffic.TrafficChanges;
import egress.simulator.traffic.TrafficVerdicts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Traffic view's view-model over the guide's workspace and a recorded access log, without the FX thread: every
 * distinct request decided under the workspace as edited, the impact of an edit since the last save, "Propose
 * from traffic", and only the latest edit's result shown when edits come faster than the traffic is decided.
 */
class TrafficViewModelTest {
    @TempDir
    Path dir;

    Path folder;
    Path log;
    final Fixtures.ScriptedDialogs dialogs = new Fixtures.ScriptedDialogs();

    /** One line of the enforcer's access log. */
    static String http(String host, String path, String verdict, String policy) {
        return "{\"time\":\"2026-12-04T10:00:00Z\",\"source\":\"curl/curl\",\"protocol\":\"http\",\"host\":\"" + host
                + "\",\"ip\":\"10.0.0.1\",\"port\":80,\"sni\":null,\"method\":\"GET\",\"path\":\"" + path
                + "\",\"verdict\":\"" + verdict + "\",\"policy\":" + (policy == null ? "null" : "\"" + policy + "\"")
                + "}";
    }

    /** Four requests to httpbin.org (allowed by curl/httpbin-80), two to example.org (refused), one bad line. */
    static Path accessLog(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lines.add(http("httpbin.org", "/get", "allow", "curl/httpbin-80"));
        }
        lines.add(http("httpbin.org", "/status/200", "allow", "curl/httpbin-80"));
        lines.add(http("example.org", "/", "deny", null));
        lines.add(http("example.org", "/", "deny", null));
        lines.add("this is not JSON");
        return Files.writeString(file, String.join("\n", lines) + "\n");
    }

    @BeforeEach
    void workspace() throws IOException {
        folder = Fixtures.guideStart(Files.createDirectory(dir.resolve("ws")));
        Files.copy(Fixtures.samples().resolve("egress-httpbin-80.yaml"), folder.resolve("egress-httpbin-80.yaml"));
        log = accessLog(dir.resolve("access.log"));
    }

    static List<String> impact(List<Message> lines, Locale locale) {
        return lines.stream().map(m -> m.render(locale)).toList();
    }

    static Doc policy(WorkspaceViewModel vm, String name) {
        return vm.policies().stream()
                .filter(d -> name.equals(d.name()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void eachDistinctRequestIsShownWithItsCountVerdictAndDecidingRule() {
        WorkspaceViewModel vm = new WorkspaceViewModel(new Messages(), dialogs);
        vm.open(List.of(folder));
        dialogs.files.add(List.of(log));
        vm.traffic().load().join();

        assertThat(vm.traffic().summaryProperty().get()).isEqualTo(UiText.of("traffic.loaded", 6L, 3, 1L));
        assertThat(vm.traffic().rows())
                .extracting(TrafficRow::request, TrafficRow::count, TrafficRow::verdict)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("curl -s http://httpbin.org/get", 3L, Verdict.ALLOW),
                        org.assertj.core.groups.Tuple.tuple("curl -s http://httpbin.org/status/200", 1L, Verdict.ALLOW),
                        org.assertj.core.groups.Tuple.tuple("curl -s http://example.org/", 2L, Verdict.DENY));
        assertThat(vm.traffic().rows().get(0).rule()).startsWith("curl/httpbin-80 spec.ports[0] 80/http");
        assertThat(vm.traffic().rows()).extracting(TrafficRow::change).containsOnlyNulls();
        assertThat(impact(vm.traffic().impact(), Locale.ENGLISH))
                .containsExactly("this edit changes no verdict over the 6 recorded requests");
    }

    @Test
    void anEditShowsWhatItNewlyRefusesAndAllowsUntilItIsSaved() {
        WorkspaceViewModel vm = new WorkspaceViewModel(new Messages(), dialogs);
        vm.open(List.of(folder));
        vm.traffic().load(List.of(log)).join();

        vm.selectedProperty().set(policy(vm, "httpbin-80"));
        vm.editor().egress().hostsProperty().set("example.org");

        assertThat(impact(vm.traffic().impact(), Locale.ENGLISH))
                .containsExactly(
                        "this edit newly refuses 4 recorded requests from curl/curl to httpbin.org",
                        "this edit newly allows 2 recorded requests from curl/curl to example.org");
        assertThat(vm.traffic().rows())
                .extracting(TrafficRow::request, TrafficRow::verdict, TrafficRow::change)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "curl -s http://httpbin.org/get", Verdict.DENY, ChangeKind.NEWLY_REFUSED),
                        org.assertj.core.groups.Tuple.tuple(
                                "curl -s http://httpbin.org/status/200", Verdict.DENY, ChangeKind.NEWLY_REFUSED),
                        org.assertj.core.groups.Tuple.tuple(
                                "curl -s http://example.org/", Verdict.ALLOW, ChangeKind.NEWLY_ALLOWED));
        assertThat(impact(vm.traffic().impact(), Locale.JAPANESE).get(0))
                .contains("curl/curl")
                .contains("httpbin.org")
                .contains("4");

        vm.save(); // the saved workspace is the new baseline: nothing has changed since
        assertThat(vm.traffic().rows()).extracting(TrafficRow::change).containsOnlyNulls();
        assertThat(vm.traffic().rows())
                .extracting(TrafficRow::verdict)
                .containsExactly(Verdict.DENY, Verdict.DENY, Verdict.ALLOW);

        vm.undo(); // undone after saving: the hosts go back, which newly allows httpbin.org again
        assertThat(impact(vm.traffic().impact(), Locale.ENGLISH))
                .containsExactly(
                        "this edit newly refuses 2 recorded requests from curl/curl to example.org",
                        "this edit newly allows 4 recorded requests from curl/curl to httpbin.org");
    }

    /** Runs nothing until told to, so a test decides which queued work runs when. */
    static final class HeldExecutor implements Executor {
        final Deque<Runnable> queued = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            queued.add(r);
        }

        void runAll() {
            while (!queued.isEmpty()) {
                queued.poll().run();
            }
        }
    }

    @Test
    void whenEditsComeFasterThanTheTrafficIsDecidedOnlyTheLatestIsShown() {
        HeldExecutor background = new HeldExecutor();
        WorkspaceViewModel vm = new WorkspaceViewModel(new Messages(), dialogs, background, Runnable::run);
        vm.open(List.of(folder));
        CompletableFuture<Void> loaded = vm.traffic().load(List.of(log));
        background.runAll();
        loaded.join();
        assertThat(vm.traffic().rows()).hasSize(3);
        List<Object> shown = new ArrayList<>();
        vm.traffic().changesProperty().addListener((o, was, now) -> shown.add(now));

        vm.selectedProperty().set(policy(vm, "httpbin-80"));
        CompletableFuture<Void> first = vm.traffic().edited(vm.workspace().manifests());
        vm.editor().egress().hostsProperty().set("example.org");
        vm.editor().egress().hostsProperty().set("httpbin.org\nexample.org");
        assertThat(background.queued).hasSizeGreaterThanOrEqualTo(3);
        background.runAll();

        assertThat(first).isDone();
        assertThat(shown).hasSize(1); // the older edits' work was skipped, not shown and then replaced
        assertThat(impact(vm.traffic().impact(), Locale.ENGLISH))
                .containsExactly("this edit newly allows 2 recorded requests from curl/curl to example.org");
    }

    @Test
    void proposeFromTrafficAddsTheLearnedPoliciesUnsavedAndMarkedNewUntilSaved() throws IOException {
        Path start = Fixtures.guideStart(Files.createDirectory(dir.resolve("empty")));
        WorkspaceViewModel vm = new WorkspaceViewModel(new Messages(), dialogs);
        vm.open(List.of(start));
        vm.traffic().load(List.of(log)).join();
        assertThat(vm.traffic().rows()).extracting(TrafficRow::verdict).containsOnly(Verdict.DENY);

        vm.traffic().proposeFromTraffic().join();

        assertThat(vm.policies())
                .extracting(Doc::describe)
                .containsExactly(
                        "Egress curl/curl-http-80-httpbin-org", "HTTPRouteGroup curl/curl-http-80-httpbin-org-routes");
        assertThat(vm.proposed()).containsExactlyInAnyOrderElementsOf(vm.policies());
        assertThat(vm.dirtyProperty().get()).isTrue();
        assertThat(vm.traffic().statusProperty().get()).isEqualTo(UiText.of("traffic.proposed", 1, 4L));
        // the proposals allow what was allowed when recorded, and example.org stays refused
        assertThat(vm.traffic().rows())
                .extracting(TrafficRow::request, TrafficRow::verdict)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("curl -s http://httpbin.org/get", Verdict.ALLOW),
                        org.assertj.core.groups.Tuple.tuple("curl -s http://httpbin.org/status/200", Verdict.ALLOW),
                        org.assertj.core.groups.Tuple.tuple("curl -s http://example.org/", Verdict.DENY));
        assertThat(impact(vm.traffic().impact(), Locale.ENGLISH))
                .containsExactly("this edit newly allows 4 recorded requests from curl/curl to httpbin.org");

        vm.undo(); // one step takes all of them out again
        assertThat(vm.policies()).isEmpty();
        vm.redo();
        assertThat(vm.policies()).hasSize(2);

        vm.save();
        assertThat(vm.proposed()).isEmpty();
        assertThat(vm.dirtyProperty().get()).isFalse();
        WorkspaceViewModel reopened = new WorkspaceViewModel(new Messages(), dialogs);
        reopened.open(List.of(start));
        assertThat(reopened.policies())
                .extracting(Doc::describe)
                .containsExactlyInAnyOrder(
                        "Egress curl/curl-http-80-httpbin-org", "HTTPRouteGroup curl/curl-http-80-httpbin-org-routes");
    }

    @Test
    void aFileThatCannotBeReadIsSaidAndNothingIsLoaded() {
        WorkspaceViewModel vm = new WorkspaceViewModel(new Messages(), dialogs);
        vm.open(List.of(folder));
        vm.traffic().load(List.of(dir.resolve("missing.log"))).join();
        assertThat(vm.traffic().summaryProperty().get().key()).isEqualTo("traffic.loadFailed");
        assertThat(vm.traffic().summaryProperty().get().args().get(0).toString())
                .contains("missing.log");
        assertThat(vm.traffic().loaded()).isFalse();
        assertThat(vm.traffic().rows()).isEmpty();
    }

    @Test
    void followingAnEnforcerShowsItsDecisionsAsTheyCome() throws Exception {
        List<String> decided = List.of(
                http("httpbin.org", "/get", "allow", "curl/httpbin-80"), http("example.org", "/", "deny", null));
        HttpServer enforcer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        enforcer.createContext("/decisions", exchange -> {
            long after = Long.parseLong(exchange.getRequestURI().getQuery().replace("after=", ""));
            StringBuilder body = new StringBuilder();
            for (long i = after; i < decided.size(); i++) {
                body.append(decided.get((int) i)).append('\n');
            }
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Egress-Sequence", String.valueOf(decided.size()));
            exchange.getResponseHeaders().add("Egress-Oldest", "1");
            exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        enforcer.start();
        WorkspaceViewModel vm = new WorkspaceViewModel(new Messages(), dialogs);
        try {
            vm.open(List.of(folder));
            CountDownLatch shown = new CountDownLatch(1);
            vm.traffic().rows().addListener((ListChangeListener<TrafficRow>) c -> {
                if (vm.traffic().rows().size() == 2) {
                    shown.countDown();
                }
            });
            vm.traffic()
                    .urlProperty()
                    .set("http://127.0.0.1:" + enforcer.getAddress().getPort());
            vm.traffic().follow();
            assertThat(vm.traffic().followingProperty().get()).isTrue();
            assertThat(shown.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(vm.traffic().rows())
                    .extracting(TrafficRow::request, TrafficRow::verdict)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("curl -s http://httpbin.org/get", Verdict.ALLOW),
                            org.assertj.core.groups.Tuple.tuple("curl -s http://example.org/", Verdict.DENY));
        } finally {
            vm.traffic().stopFollowing();
            enforcer.stop(0);
        }
        assertThat(vm.traffic().followingProperty().get()).isFalse();
    }

    @Test
    void anAdminAddressThatIsNoUrlIsSaidAndNothingIsFollowed() {
        WorkspaceViewModel vm = new WorkspaceViewModel(new Messages(), dialogs);
        vm.traffic().urlProperty().set("127.0.0.1:15000");
        vm.traffic().follow();
        assertThat(vm.traffic().summaryProperty().get()).isEqualTo(UiText.of("traffic.badUrl", "127.0.0.1:15000"));
        assertThat(vm.traffic().followingProperty().get()).isFalse();
    }

    /** What the view-model shows equals every request decided afresh under the workspace and under the baseline. */
    static void sameAsDecidingEverything(WorkspaceViewModel vm, List<Manifest> baseline) {
        TrafficChanges shown = vm.traffic().changesProperty().get();
        for (var pair :
                List.of(List.of(shown.current(), vm.workspace().manifests()), List.of(shown.baseline(), baseline))) {
            TrafficVerdicts decided = (TrafficVerdicts) pair.get(0);
            @SuppressWarnings("unchecked")
            List<Manifest> under = (List<Manifest>) pair.get(1);
            TrafficVerdicts all = TrafficVerdicts.decide(
                    decided.observed(),
                    decided.trafficVersion(),
                    new Workbench(under).snapshot().simulator(Engine.OSM, true));
            for (int i = 0; i < all.size(); i++) {
                assertThat(decided.verdict(i))
                        .as("verdict of %s", all.commandLine(i))
                        .isEqualTo(all.verdict(i));
                assertThat(decided.policy(i))
                        .as("policy of %s", all.commandLine(i))
                        .isEqualTo(all.policy(i));
                assertThat(decided.rule(i)).as("rule of %s", all.commandLine(i)).isEqualTo(all.rule(i));
            }
        }
    }

    @Test
    void decidingAgainOnlyTheClientsAnEditNamesGivesWhatDecidingEverythingGives() throws IOException {
        Files.copy(Fixtures.samples().resolve("http-route-group-status.yaml"), folder.resolve("routes.yaml"));
        Files.writeString(folder.resolve("team.yaml"), """
                apiVersion: policy.openservicemesh.io/v1alpha1
                kind: Egress
                metadata: {name: team, namespace: team}
                spec:
                  sources: [{kind: ServiceAccount, name: app, namespace: team}]
                  hosts: [example.org]
                  ports: [{number: 80, protocol: http}]
                """);
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        lines.add(http("example.org", "/", "allow", "team/team").replace("curl/curl", "team/app"));
        lines.add(http("httpbin.org", "/get", "deny", null).replace("curl/curl", "team/app"));
        Files.write(log, lines);
        WorkspaceViewModel vm = new WorkspaceViewModel(new Messages(), dialogs);
        vm.open(List.of(folder));
        List<Manifest> opened = vm.workspace().manifests();
        vm.traffic().load(List.of(log)).join();
        sameAsDecidingEverything(vm, opened);

        vm.selectedProperty().set(policy(vm, "team"));
        vm.editor().egress().hostsProperty().set("httpbin.org"); // team/app only
        sameAsDecidingEverything(vm, opened);
        vm.editor().egress().hostsProperty().set("httpbin.org\nexample.org");
        sameAsDecidingEverything(vm, opened);
        vm.selectedProperty().set(policy(vm, "httpbin-80"));
        vm.editor().egress().hostsProperty().set("example.org"); // curl/curl only
        sameAsDecidingEverything(vm, opened);
        vm.deleteSelected();
        sameAsDecidingEverything(vm, opened);
        vm.undo();
        sameAsDecidingEverything(vm, opened);
        vm.newEgress(); // no source yet
        sameAsDecidingEverything(vm, opened);
        vm.selectedProperty().set(policy(vm, "team"));
        vm.editor().egress().nameProperty().set("httpbin-80"); // in team: no clash with curl/httpbin-80
        sameAsDecidingEverything(vm, opened);
        vm.editor().egress().namespaceProperty().set("curl"); // now it replaces curl/httpbin-80 for curl/curl
        sameAsDecidingEverything(vm, opened);
        assertThat(vm.traffic().changesProperty().get().any()).isTrue();
        vm.save();
        sameAsDecidingEverything(vm, vm.workspace().manifests());
    }
}
