package egress.enforcer.transparent;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.config.HostsTable;
import egress.enforcer.config.Limits;
import egress.enforcer.config.PolicySnapshot;
import egress.enforcer.netty.EventLoops;
import egress.enforcer.netty.GatedListener;
import egress.enforcer.netty.ProxyContext;
import egress.enforcer.observe.AccessLog;
import egress.enforcer.observe.Metrics;
import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.Await;
import egress.policy.match.PolicyCompiler;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.PolicySet;
import egress.policy.yaml.ManifestReader;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transparent mode end to end: a real namespace whose curl has no proxy settings, iptables redirecting
 * its TCP to the enforcer, and the built-in upstreams on the host side of the veth pair, where the
 * pod's hosts file sends {@code httpbin.org}. The guide's three outcomes: exit 7, 200, 404.
 */
class TransparentModeTest {
    private static final Identity CURL = new Identity("curl", "curl");
    private static final String HTTPBIN_80 = egress("httpbin-80", 80, "http", null);
    private static PodNamespace pod;
    private static Upstreams upstreams;
    private static EventLoopGroup group;
    private static GatedListener listener;
    private static final AtomicReference<PolicySnapshot> POLICIES =
            new AtomicReference<>(PolicySnapshot.empty(Engine.OSM));
    private static final List<String> ACCESS = new CopyOnWriteArrayList<>();
    private static long version;

    @BeforeAll
    static void start() throws Exception {
        PodNamespace.assumeAvailable();
        pod = PodNamespace.create("HOST httpbin.org\n");
        try {
            upstreams = Upstreams.start(pod.hostAddress, 80, 443, 9000);
            int port = freePort(pod.hostAddress);
            group = EventLoops.newGroup(1);
            // the enforcer resolves httpbin.org as the pod does (the server-name check compares addresses)
            HostsTable hosts = HostsTable.parse(List.of("httpbin.org::" + pod.hostAddress + ":"));
            ProxyContext context = ProxyContext.of(
                            CURL, POLICIES::get, hosts, new AccessLog(ACCESS::add), new Metrics())
                    .withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(2))
                    .withLimits(Limits.DEFAULTS.withTunnelIdleTimeout(Duration.ofSeconds(1)));
            listener = GatedListener.transparent(context, new InetSocketAddress(pod.hostAddress, port), group);
            pod.redirectTo(port);
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        if (listener != null) {
            listener.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (upstreams != null) {
            upstreams.close();
        }
        if (pod != null) {
            pod.close();
        }
    }

    @BeforeEach
    void noPolicies() throws Exception {
        apply("");
        ACCESS.clear();
    }

    @Test
    void withoutAPolicyTheConnectionIsRefused() {
        PodNamespace.Result r = curl("-sI", "http://httpbin.org:80/get");
        assertThat(r.exit()).as(r.err()).isEqualTo(7);
        assertThat(listener.listening()).isFalse();
    }

    @Test
    void thePolicyForHttpbin80LetsThePlainRequestThrough() throws Exception {
        apply(HTTPBIN_80);
        PodNamespace.Result r = curl("-sI", "http://httpbin.org:80/get");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("HTTP/1.1 200");
        assertThat(awaitAccess(1).get(0))
                .contains("\"host\":\"httpbin.org\"", "\"ip\":\"" + pod.hostAddress + "\"", "\"verdict\":\"allow\"");
    }

    @Test
    void aPathOutsideTheRouteGroupGets404() throws Exception {
        apply(egress("httpbin-80", 80, "http", "get-only") + "---\n" + routeGroup("get-only", "/get"));
        assertThat(curl("-sI", "http://httpbin.org:80/get").out()).startsWith("HTTP/1.1 200");
        PodNamespace.Result r = curl("-sI", "http://httpbin.org:80/status/201");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("HTTP/1.1 404").contains("x-egress-decision: deny");
    }

    @Test
    void httpsIsDecidedByItsServerName() throws Exception {
        apply(egress("httpbin-443", 443, "https", null));
        assertThat(curl("-sk", "-o", "/dev/null", "-w", "%{http_code}", "https://httpbin.org:443/get")
                        .out())
                .isEqualTo("200");
        PodNamespace.Result other =
                curl("-sk", "--resolve", "other.example:443:" + pod.hostAddress, "https://other.example:443/get");
        assertThat(other.exit()).as(other.err()).isEqualTo(35);
    }

    @Test
    void aServerNameSentToAnotherAddressThanItsOwnIsClosed() throws Exception {
        apply(egress("httpbin-443", 443, "https", null));
        String other = pod.hostAddress.substring(0, pod.hostAddress.lastIndexOf('.')) + ".3";
        String line = PodNamespace.execute(List.of("ip", "-o", "-4", "addr", "show"), 10)
                .out()
                .lines()
                .filter(l -> l.contains(" " + pod.hostAddress + "/"))
                .findFirst()
                .orElseThrow();
        String dev = line.split("\\s+")[1];
        assertThat(PodNamespace.execute(List.of("ip", "addr", "add", other + "/32", "dev", dev), 10)
                        .exit())
                .isZero();
        try {
            PodNamespace.Result r = curl("-sk", "--resolve", "httpbin.org:443:" + other, "https://httpbin.org:443/get");
            assertThat(r.exit()).as(r.err()).isEqualTo(35);
            assertThat(awaitAccess(1).get(0))
                    .contains("\"ip\":\"" + other + "\"", "\"verdict\":\"deny\"", "sni-destination-check");
        } finally {
            PodNamespace.execute(List.of("ip", "addr", "del", other + "/32", "dev", dev), 10);
        }
    }

    @Test
    void removingThePolicyClosesTheListenerAgain() throws Exception {
        apply(HTTPBIN_80);
        assertThat(curl("-sI", "http://httpbin.org:80/get").exit()).isZero();
        apply("");
        assertThat(curl("-sI", "http://httpbin.org:80/get").exit()).isEqualTo(7);
    }

    @Test
    void anotherPortOfTheSamePodIsClosedNotRefused() throws Exception {
        apply(HTTPBIN_80);
        PodNamespace.Result r = curl("-s", "telnet://httpbin.org:9000", "--max-time", "3");
        assertThat(r.exit()).as(r.err()).isIn(52, 56, 0);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anIdleTcpTunnelIsClosedAfterTheTunnelIdleTimeout() throws Exception {
        apply("kind: Egress\napiVersion: policy.openservicemesh.io/v1alpha1\nmetadata:\n  name: banner-9000\n"
                + "  namespace: curl\nspec:\n  sources:\n  - kind: ServiceAccount\n    name: curl\n    namespace: curl\n"
                + "  ipAddresses:\n  - " + pod.hostAddress
                + "/32\n  ports:\n  - number: 9000\n    protocol: tcp-server-first\n");
        // the banner arrives, then nothing moves: the enforcer closes the tunnel (curl exit 0), not --max-time (28)
        PodNamespace.Result r = curl("-s", "telnet://httpbin.org:9000");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("220 egress-designer upstream ready");
    }

    private static PodNamespace.Result curl(String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "curl";
        cmd[1] = "--max-time";
        cmd[2] = "10";
        System.arraycopy(args, 0, cmd, 3, args.length);
        return pod.exec(cmd);
    }

    /** Swaps the policies in and waits until the listener has followed (bound or closed). */
    private static void apply(String yaml) throws Exception {
        PolicySet set = PolicySet.of(ManifestReader.read("test.yaml", yaml));
        PolicySnapshot s = new PolicySnapshot(
                ++version, PolicyCompiler.compile(set, set.meshConfigOrDefault(), Engine.OSM), Instant.now());
        POLICIES.set(s);
        boolean wanted = s.policies().hasListener(CURL);
        Await.until(
                "the listener follows snapshot " + s.version() + " (listening: " + wanted + ")",
                Duration.ofSeconds(60),
                () -> listener.listening() == wanted);
    }

    private static List<String> awaitAccess(int n) throws Exception {
        Await.until(n + " access lines are written", Duration.ofSeconds(60), () -> ACCESS.size() >= n);
        return ACCESS;
    }

    private static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return s.getLocalPort();
        }
    }

    static String egress(String name, int port, String protocol, String matches) {
        return "kind: Egress\napiVersion: policy.openservicemesh.io/v1alpha1\nmetadata:\n  name: " + name
                + "\n  namespace: curl\nspec:\n  sources:\n  - kind: ServiceAccount\n    name: curl\n    namespace: curl\n"
                + "  hosts:\n  - httpbin.org\n  ports:\n  - number: " + port + "\n    protocol: " + protocol + "\n"
                + (matches == null
                        ? ""
                        : "  matches:\n  - apiGroup: specs.smi-spec.io/v1alpha4\n    kind: HTTPRouteGroup\n"
                                + "    name: " + matches + "\n");
    }

    static String routeGroup(String name, String pathRegex) {
        return "apiVersion: specs.smi-spec.io/v1alpha4\nkind: HTTPRouteGroup\nmetadata:\n  name: " + name
                + "\n  namespace: curl\nspec:\n  matches:\n  - name: m\n    pathRegex: " + pathRegex + "\n";
    }
}
