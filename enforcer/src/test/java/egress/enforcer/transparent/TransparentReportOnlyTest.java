package egress.enforcer.transparent;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.config.HostsTable;
import egress.enforcer.config.PolicySnapshot;
import egress.enforcer.netty.DecisionTrial;
import egress.enforcer.netty.EventLoops;
import egress.enforcer.netty.GatedListener;
import egress.enforcer.netty.ProxyContext;
import egress.enforcer.observe.AccessLog;
import egress.enforcer.observe.Metrics;
import egress.enforcer.observe.TrialMetrics;
import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.Await;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code --report-only} in transparent mode: a pod with no outbound configuration, whose redirected connections a
 * sidecar would refuse (no listener, curl exit 7), has its listener bound and its plain and TLS requests forwarded
 * to their original destination, each logged as a refusal not carried out.
 */
class TransparentReportOnlyTest {
    @Test
    void aPodWithNoOutboundConfigurationIsForwardedAndLogged() throws Exception {
        PodNamespace.assumeAvailable();
        List<String> access = new CopyOnWriteArrayList<>();
        Metrics metrics = new Metrics();
        EventLoopGroup group = EventLoops.newGroup(1);
        try (PodNamespace pod = PodNamespace.create("HOST httpbin.org\n");
                Upstreams upstreams = Upstreams.start(pod.hostAddress, 80, 443, -1)) {
            int port;
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(pod.hostAddress, 0));
                port = s.getLocalPort();
            }
            ProxyContext context = ProxyContext.of(
                            new Identity("curl", "curl"),
                            () -> PolicySnapshot.empty(Engine.OSM),
                            HostsTable.parse(List.of("httpbin.org::" + pod.hostAddress + ":")),
                            new AccessLog(access::add),
                            metrics)
                    .withTrial(new DecisionTrial(true, null, new TrialMetrics(metrics, true, null)));
            try (GatedListener listener =
                    GatedListener.transparent(context, new InetSocketAddress(pod.hostAddress, port), group)) {
                pod.redirectTo(port);
                assertThat(listener.listening())
                        .as("bound although no policy gives the pod a listener")
                        .isTrue();
                PodNamespace.Result http = pod.exec(
                        "curl",
                        "-s",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "--max-time",
                        "20",
                        "http://httpbin.org:80/get");
                assertThat(http.out()).as(http.err()).isEqualTo("200");
                PodNamespace.Result tls = pod.exec(
                        "curl",
                        "-sk",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "--max-time",
                        "20",
                        "https://httpbin.org:443/get");
                assertThat(tls.out()).as(tls.err()).isEqualTo("200");
                Await.until("two access lines", Duration.ofSeconds(60), () -> access.size() >= 2);
                assertThat(access)
                        .allSatisfy(l -> assertThat(l)
                                .contains(
                                        "\"verdict\":\"deny\"",
                                        "\"signal\":\"connection-refused\"",
                                        "\"enforced\":false",
                                        "\"ip\":\"" + pod.hostAddress + "\""));
                assertThat(metrics.render())
                        .contains(
                                "egress_report_only_would_refuse_total{signal=\"connection-refused\",policy=\"\"} 2\n");
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
