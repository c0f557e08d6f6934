package egress.enforcer.netty;

import egress.enforcer.config.HostsTable;
import egress.enforcer.config.PolicySnapshot;
import egress.enforcer.observe.AccessLog;
import egress.enforcer.observe.Metrics;
import egress.enforcer.upstreams.Upstreams;
import egress.fixtures.Await;
import egress.policy.match.PolicyCompiler;
import egress.policy.model.Engine;
import egress.policy.model.Identity;
import egress.policy.model.PolicySet;
import egress.policy.yaml.ManifestReader;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** Built-in upstreams plus a proxy for {@code curl/curl}, with httpbin.org and any :443 mapped to them. */
final class ProxyFixture implements AutoCloseable {
    static final Identity CURL = new Identity("curl", "curl");
    final Upstreams upstreams;
    final AtomicReference<PolicySnapshot> policies = new AtomicReference<>(PolicySnapshot.empty(Engine.OSM));
    final List<String> accessLines = new CopyOnWriteArrayList<>();
    final Metrics metrics = new Metrics();
    final EgressProxy proxy;
    private long version;

    ProxyFixture(Duration sniff, Duration header) throws Exception {
        this(sniff, header, c -> c);
    }

    /** With the listener's context changed by {@code tune} (another resolver, a check turned off). */
    ProxyFixture(Duration sniff, Duration header, java.util.function.UnaryOperator<ProxyContext> tune)
            throws Exception {
        this(sniff, header, tune, List.of());
    }

    /** With {@code --connect-to} entries of the test's own, looked up before the fixture's. */
    ProxyFixture(
            Duration sniff, Duration header, java.util.function.UnaryOperator<ProxyContext> tune, List<String> first)
            throws Exception {
        upstreams = Upstreams.start("127.0.0.1", 0, 0, 0);
        List<String> entries = new java.util.ArrayList<>(first);
        entries.addAll(List.of(
                "httpbin.org:80:127.0.0.1:" + upstreams.httpPort(),
                ":443:127.0.0.1:" + upstreams.httpsPort(),
                ":25:127.0.0.1:" + upstreams.tcpPort(),
                ":9000:127.0.0.1:" + upstreams.tcpPort(),
                "refused.test:80:127.0.0.1:1")); // nothing listens on port 1: the upstream refuses
        HostsTable hosts = HostsTable.parse(entries);
        ProxyContext context =
                tune.apply(ProxyContext.of(CURL, policies::get, hosts, new AccessLog(accessLines::add), metrics)
                        .withTimeouts(sniff, header, Duration.ofSeconds(2)));
        proxy = EgressProxy.start(context, new InetSocketAddress("127.0.0.1", 0));
    }

    ProxyFixture() throws Exception {
        this(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    void apply(String yaml) throws Exception {
        apply(yaml, Engine.OSM);
    }

    void apply(String yaml, Engine engine) throws Exception {
        PolicySet set = PolicySet.of(ManifestReader.read("test.yaml", yaml));
        policies.set(new PolicySnapshot(
                ++version, PolicyCompiler.compile(set, set.meshConfigOrDefault(), engine), Instant.now()));
    }

    /** Waits until the previous test's connections have closed (and logged), then forgets their lines. */
    void clearLog() throws Exception {
        Await.until(
                "the previous test's connections have closed",
                Duration.ofSeconds(60),
                () -> metrics.activeConnections() == 0);
        accessLines.clear();
    }

    /** The access lines, once at least {@code n} have been written (a tunnel logs when it has closed). */
    List<String> awaitAccessLines(int n) throws Exception {
        Await.until(n + " access lines are written", Duration.ofSeconds(60), () -> accessLines.size() >= n);
        return accessLines;
    }

    String proxyUrl() {
        return "http://127.0.0.1:" + proxy.port();
    }

    static String egress(String name, String hosts, int port, String protocol, String matches) {
        return "kind: Egress\napiVersion: policy.openservicemesh.io/v1alpha1\nmetadata:\n  name: " + name
                + "\n  namespace: curl\nspec:\n  sources:\n  - kind: ServiceAccount\n    name: curl\n    namespace: curl\n"
                + (hosts == null ? "" : "  hosts:\n  - " + hosts + "\n")
                + "  ports:\n  - number: " + port + "\n    protocol: " + protocol + "\n"
                + (matches == null
                        ? ""
                        : "  matches:\n  - apiGroup: specs.smi-spec.io/v1alpha4\n    kind: HTTPRouteGroup\n"
                                + "    name: " + matches + "\n");
    }

    static String routeGroup(String name, String pathRegex) {
        return "apiVersion: specs.smi-spec.io/v1alpha4\nkind: HTTPRouteGroup\nmetadata:\n  name: " + name
                + "\n  namespace: curl\nspec:\n  matches:\n  - name: m\n    pathRegex: " + pathRegex + "\n";
    }

    @Override
    public void close() {
        proxy.close();
        upstreams.close();
    }
}
