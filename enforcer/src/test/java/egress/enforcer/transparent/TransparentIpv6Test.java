package egress.enforcer.transparent;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.config.HostsTable;
import egress.enforcer.config.PolicySnapshot;
import egress.enforcer.netty.EventLoops;
import egress.enforcer.netty.GatedListener;
import egress.enforcer.netty.ProxyContext;
import egress.enforcer.observe.AccessLog;
import egress.enforcer.observe.Metrics;
import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.Await;
import egress.fixtures.ExternalTools;
import egress.policy.match.PolicyCompiler;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.PolicySet;
import egress.policy.yaml.ManifestReader;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Transparent mode over IPv6: the pod's curl asks for {@code http://[2001:db8:...::7]:PORT/}, ip6tables
 * redirects it to the enforcer, which reads the original destination ({@code IP6T_SO_ORIGINAL_DST}) and
 * decides it as the IPv6 address it is: allowed by a tcp rule whose IPv6 range holds it (written as the CRD's
 * pattern admits it, {@code 2001:db8::0.0.0.0/32}), refused by one naming another range.
 */
class TransparentIpv6Test {
    private static final Identity CURL = new Identity("curl", "curl");

    private static String rule(int port, String range) {
        return "kind: Egress\napiVersion: policy.openservicemesh.io/v1alpha1\nmetadata: {name: v6, namespace: curl}\n"
                + "spec:\n  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]\n"
                + "  ipAddresses: [\"" + range + "\"]\n  ports: [{number: " + port + ", protocol: tcp}]\n";
    }

    @Test
    void anIpv6OriginalDestinationIsDecidedAgainstIpv6Ranges() throws Exception {
        PodNamespace.assumeAvailable();
        ExternalTools.require(
                ExternalTools.onPath("ip6tables"),
                "the IPv6 transparent test needs ip6tables " + "(run-tests installs iptables, which brings it)");
        AtomicReference<PolicySnapshot> policies = new AtomicReference<>();
        List<String> access = new CopyOnWriteArrayList<>();
        try (PodNamespace pod = PodNamespace.create("")) {
            pod.enableIpv6();
            String outside =
                    pod.hostAddress6.replace("fd00:200:", "2001:db8:200:").replace("::1", "::7");
            pod.addHostAddress6(outside);
            Upstreams upstreams = Upstreams.start(outside, 0, 0, 0);
            EventLoopGroup group = EventLoops.newGroup(1);
            int port;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("::"))) {
                port = free.getLocalPort();
            }
            int upstream = upstreams.httpPort();
            policies.set(snapshot(1, rule(upstream, "2001:db8::0.0.0.0/32")));
            ProxyContext context = ProxyContext.of(
                            CURL, policies::get, HostsTable.parse(List.of()), new AccessLog(access::add), new Metrics())
                    .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(2));
            try (GatedListener listener = GatedListener.transparent(
                    context,
                    // REDIRECT picks an address of the incoming interface: listen on all of them
                    new InetSocketAddress(InetAddress.getByName("::"), port),
                    group)) {
                pod.redirect6To(port);
                Await.until("the transparent listener is bound", Duration.ofSeconds(30), listener::listening);
                String url = "http://[" + outside + "]:" + upstream + "/get";
                PodNamespace.Result allowed =
                        pod.exec("curl", "--max-time", "10", "-sS", "-o", "/dev/null", "-w", "%{http_code}", url);
                assertThat(allowed.out()).as(allowed.err() + access).isEqualTo("200");
                Await.until("one access line", Duration.ofSeconds(60), () -> access.size() >= 1);
                assertThat(access.get(0))
                        .contains(
                                "\"verdict\":\"allow\"",
                                "curl/v6",
                                "\"ip\":\"" + InetAddress.getByName(outside).getHostAddress() + "\"");
                access.clear();
                policies.set(snapshot(2, rule(upstream, "2001:db9::0.0.0.0/32")));
                PodNamespace.Result refused = pod.exec("curl", "--max-time", "10", "-s", url);
                assertThat(refused.exit()).as(refused.err()).isNotZero();
                Await.until("one access line", Duration.ofSeconds(60), () -> access.size() >= 1);
                assertThat(access.get(0)).contains("\"verdict\":\"deny\"");
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                upstreams.close();
            }
        }
    }

    private static PolicySnapshot snapshot(long version, String yaml) throws Exception {
        PolicySet set = PolicySet.of(ManifestReader.read("test.yaml", yaml));
        return new PolicySnapshot(
                version, PolicyCompiler.compile(set, set.meshConfigOrDefault(), Engine.OSM), Instant.now());
    }
}
