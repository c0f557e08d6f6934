package egress.enforcer.observe;

import static org.assertj.core.api.Assertions.assertThat;

import egress.fixtures.GuideManifests;
import egress.policy.match.CompiledPolicySet;
import egress.policy.match.Decision;
import egress.policy.match.EgressRequest;
import egress.policy.match.Ipv4;
import egress.policy.match.PolicyCompiler;
import egress.policy.match.Signal;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.PolicySet;
import egress.policy.yaml.ManifestReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final Identity CURL = new Identity("curl", "curl");

    /** A connection's shortcut counts every request in the series {@code decided} puts it in, whatever the order. */
    @Test
    void aConnectionsDecisionCountRendersAsDecidedDoes() throws Exception {
        PolicySet set = PolicySet.of(ManifestReader.read("t.yaml", GuideManifests.HTTPBIN_80));
        CompiledPolicySet compiled = PolicyCompiler.compile(set, set.meshConfigOrDefault(), Engine.OSM);
        Decision allowed = compiled.decide(
                EgressRequest.http(CURL, Ipv4.parse("10.0.0.1"), 80, "httpbin.org", "GET", "/get", Map.of()));
        Decision otherPort = compiled.decide(
                EgressRequest.http(CURL, Ipv4.parse("10.0.0.1"), 81, "httpbin.org", "GET", "/get", Map.of()));
        assertThat(allowed.allowed()).isTrue();
        List<Decision> decisions = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        Decision[] pool = {
            allowed,
            allowed,
            otherPort,
            Decision.refused(Signal.HTTP_403, "one refusal"),
            Decision.refused(Signal.HTTP_403, "another refusal, another instance, the same series"),
            Decision.refused(Signal.CONNECTION_CLOSED, "another signal"),
            null
        };
        String[] hostPool = {"httpbin.org", "httpbin.org", new String("httpbin.org"), "example.com", null, ""};
        for (int i = 0; i < 500; i++) {
            decisions.add(pool[(i * 7 + i / 3) % pool.length]);
            hosts.add(hostPool[(i * 5 + i / 4) % hostPool.length]);
        }
        Metrics each = new Metrics(2);
        Metrics shortcut = new Metrics(2);
        Metrics.DecisionCount connection = shortcut.new DecisionCount();
        for (int i = 0; i < decisions.size(); i++) {
            each.decided(decisions.get(i), hosts.get(i));
            connection.decided(decisions.get(i), hosts.get(i));
        }
        assertThat(shortcut.render()).isEqualTo(each.render()).contains("egress_decisions_total");
    }
}
