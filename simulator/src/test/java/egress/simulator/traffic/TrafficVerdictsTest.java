package egress.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import egress.policy.i18n.Messages;
import egress.policy.match.Verdict;
import egress.policy.model.Engine;
import egress.policy.yaml.ManifestReader;
import egress.simulator.Simulator;
import egress.simulator.Workbench;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficVerdictsTest {
    static final String HTTPBIN = """
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: httpbin-80, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [httpbin.org]
              ports: [{number: 80, protocol: http}]
            """;
    static final String GITHUB = """
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata: {name: github, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [api.github.com]
              ports: [{number: 443, protocol: https}]
            """;

    static LoadedTraffic traffic(String... lines) throws Exception {
        LoadedTraffic t = new LoadedTraffic(1000);
        t.read(
                "traffic.jsonl",
                new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)),
                null,
                null);
        return t;
    }

    static Simulator simulator(String yaml) throws Exception {
        return new Workbench(ManifestReader.read("test.yaml", yaml)).snapshot().simulator(Engine.OSM, true);
    }

    private static final String[] LINES = {
        "{\"from\":\"curl/curl\",\"curl\":\"curl -s http://httpbin.org/get\"}",
        "{\"from\":\"curl/curl\",\"curl\":\"curl -s https://api.github.com/\"}",
        "{\"from\":\"curl/curl\",\"curl\":\"curl -s https://api.github.com/\"}",
        "{\"from\":\"curl/curl\",\"curl\":\"curl -s https://api.github.com/zen\"}",
        "{\"from\":\"curl/curl\",\"curl\":\"curl -s http://example.com/\"}",
    };

    @Test
    void decidesEachDistinctRequestWithItsPolicyRuleAndReason() throws Exception {
        TrafficVerdicts v = TrafficVerdicts.decide(traffic(LINES), simulator(HTTPBIN + "---\n" + GITHUB));

        assertThat(v.size()).isEqualTo(4);
        assertThat(v.verdict(0)).isEqualTo(Verdict.ALLOW);
        assertThat(v.policy(0)).hasToString("curl/httpbin-80");
        assertThat(v.rule(0)).isNotNull();
        assertThat(v.commandLine(0)).isEqualTo("curl -s http://httpbin.org/get");
        assertThat(v.host(1)).isEqualTo("api.github.com");
        assertThat(v.observed(1).count()).isEqualTo(2);
        assertThat(v.verdict(3)).isEqualTo(Verdict.DENY);
        assertThat(v.policy(3)).isNull();
        assertThat(v.reason(3).render(Messages.ENGLISH)).isNotBlank();
        assertThat(v.reason(3).render(Messages.JAPANESE))
                .isNotEqualTo(v.reason(3).render(Messages.ENGLISH));
        assertThat(v.nearestMiss(0)).isNull();
    }

    @Test
    void anEditThatDropsAPolicyNewlyRefusesItsRequestsWeightedByCount() throws Exception {
        LoadedTraffic t = traffic(LINES);
        TrafficVerdicts saved = TrafficVerdicts.decide(t, simulator(HTTPBIN + "---\n" + GITHUB));
        TrafficVerdicts edited = TrafficVerdicts.decide(t, simulator(HTTPBIN));

        TrafficChanges c = edited.against(saved);

        assertThat(c.kind(0)).isNull();
        assertThat(c.kind(1)).isEqualTo(ChangeKind.NEWLY_REFUSED);
        assertThat(c.kind(2)).isEqualTo(ChangeKind.NEWLY_REFUSED);
        assertThat(c.kind(3)).isNull();
        assertThat(c.requests()).isEqualTo(5);
        assertThat(c.requests(ChangeKind.NEWLY_REFUSED)).isEqualTo(3);
        assertThat(c.distinct(ChangeKind.NEWLY_REFUSED)).isEqualTo(2);
        assertThat(c.verdictChanges()).isEqualTo(3);
        assertThat(c.groups()).singleElement().satisfies(g -> {
            assertThat(g.from()).isEqualTo("curl/curl");
            assertThat(g.policy()).isEqualTo("curl/github");
            assertThat(g.host()).isEqualTo("api.github.com");
            assertThat(g.requests()).isEqualTo(3);
            assertThat(g.examples()).containsExactly(1, 2); // the one seen twice first
        });
        assertThat(c.summaryText(Messages.ENGLISH))
                .isEqualTo("this edit newly refuses 3 recorded requests from curl/curl to api.github.com");
        assertThat(c.summaryText(Messages.JAPANESE))
                .isEqualTo("この編集で curl/curl から api.github.com への記録済みリクエスト 3 件が新たに拒否されます");

        TrafficChanges back = saved.against(edited);
        assertThat(back.requests(ChangeKind.NEWLY_ALLOWED)).isEqualTo(3);
        assertThat(back.summaryText(Messages.ENGLISH))
                .isEqualTo("this edit newly allows 3 recorded requests from curl/curl to api.github.com");
    }

    @Test
    void aTableShowsTheChangedEntriesFirstThenTheMostSeen() throws Exception {
        LoadedTraffic t = traffic(LINES[0], LINES[4], LINES[4], LINES[4], LINES[1], LINES[3], LINES[3]);
        TrafficVerdicts saved = TrafficVerdicts.decide(t, simulator(HTTPBIN + "---\n" + GITHUB));
        TrafficChanges c = TrafficVerdicts.decide(t, simulator(HTTPBIN)).against(saved);

        // entries: 0 httpbin (1), 1 example.com (3), 2 github / (1, newly refused), 3 github /zen (2, newly refused)
        assertThat(c.order(false)).containsExactly(3, 2, 1, 0);
        assertThat(c.order(true)).containsExactly(3, 2);
    }

    @Test
    void requestsThatNameTheirAddressAreDecidedAsTheSimulatorDecidesThem() throws Exception {
        LoadedTraffic t = traffic(
                LoadedTrafficTest.enforcerLine("2026-01-02T03:04:05Z", "/get", "allow"),
                "{\"from\":\"curl/curl\",\"protocol\":\"tls\",\"host\":\"api.github.com\",\"ip\":\"10.0.0.9\",\"port\":443}",
                "{\"from\":\"curl/curl\",\"protocol\":\"tcp\",\"ip\":\"10.0.0.9\",\"port\":5432}");
        Simulator s = simulator(HTTPBIN + "---\n" + GITHUB);
        TrafficVerdicts v = TrafficVerdicts.decide(t, s);
        for (int i = 0; i < v.size(); i++) {
            egress.simulator.Simulation expected = s.run(v.observed(i).sample().request(), false);
            assertThat(v.verdict(i)).as("entry " + i).isEqualTo(expected.verdict());
            assertThat(v.policy(i))
                    .as("entry " + i)
                    .isEqualTo(expected.decision().policy());
            assertThat(v.request(i)).as("entry " + i).isEqualTo(expected.request());
        }
        assertThat(v.verdict(0)).isEqualTo(Verdict.ALLOW);
        assertThat(v.verdict(1)).isEqualTo(Verdict.ALLOW);
        assertThat(v.verdict(2)).isEqualTo(Verdict.DENY);
    }

    @Test
    void anUnchangedSetSaysNothingChangedAndEmptyTrafficSaysSo() throws Exception {
        LoadedTraffic t = traffic(LINES);
        Simulator s = simulator(HTTPBIN);
        TrafficChanges c = TrafficVerdicts.decide(t, s).against(TrafficVerdicts.decide(t, s));
        assertThat(c.any()).isFalse();
        assertThat(c.summaryText(Messages.ENGLISH))
                .isEqualTo("this edit changes no verdict over the 5 recorded requests");

        LoadedTraffic none = new LoadedTraffic(10);
        assertThat(TrafficVerdicts.decide(none, s)
                        .against(TrafficVerdicts.decide(none, s))
                        .summary())
                .extracting(m -> m.render(Messages.ENGLISH))
                .containsExactly("no recorded traffic is loaded");
    }

    @Test
    void changesSpreadOverHostsNameTheLargestGroup() throws Exception {
        LoadedTraffic t = traffic(LINES);
        TrafficVerdicts saved = TrafficVerdicts.decide(t, simulator(HTTPBIN + "---\n" + GITHUB));
        TrafficVerdicts edited =
                TrafficVerdicts.decide(t, simulator("apiVersion: v1\nkind: Namespace\nmetadata: {name: curl}\n"));

        TrafficChanges c = edited.against(saved);

        assertThat(c.groups()).hasSize(2);
        assertThat(c.summaryText(Messages.ENGLISH))
                .isEqualTo("this edit newly refuses 4 recorded requests, 3 of them from curl/curl to api.github.com");
    }

    @Test
    void entriesAddedAfterTheBaselineCountAsUnchangedAndOthersMatchByRequest() throws Exception {
        LoadedTraffic t = traffic(LINES[1]);
        Simulator both = simulator(HTTPBIN + "---\n" + GITHUB);
        TrafficVerdicts saved = TrafficVerdicts.decide(t, both);
        t.read("more", new ByteArrayInputStream(LINES[0].getBytes(StandardCharsets.UTF_8)), null, null);

        TrafficChanges c = TrafficVerdicts.decide(t, simulator(GITHUB)).against(saved);

        assertThat(c.kind(0)).isNull();
        assertThat(c.kind(1)).isNull(); // refused now, but the baseline never decided it
        assertThat(List.of(c.requests())).containsExactly(2L);
    }
}
