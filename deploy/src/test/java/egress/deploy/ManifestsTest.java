package egress.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.EmbeddedCluster;
import egress.cluster.watch.ClusterManifests;
import egress.enforcer.config.EnforcerConfig;
import egress.policy.model.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The kustomize base and its two overlays, rendered by the real kubectl (its built-in kustomize), and what a
 * team relies on in them; then the rendered overlay applied with kubectl to the embedded cluster.
 */
class ManifestsTest {
    private static final Path ROOT = Tools.root();
    private static final String VERSION = System.getProperty("image.version", "0.1.0-SNAPSHOT");

    @TempDir
    Path tmp;

    @Test
    void baseSharesEverythingButTheClientIdentity() throws Exception {
        List<Map<String, Object>> docs = render("deploy/enforcer");
        assertThat(kinds(docs))
                .containsExactlyInAnyOrder(
                        "Namespace",
                        "ServiceAccount",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Deployment",
                        "Service",
                        "PodDisruptionBudget");
        Map<String, Object> container = container(docs);
        // loopback is the enforcer's default bind address: in a pod both listeners must be given as 0.0.0.0
        assertThat(args(container))
                .containsExactly("--in-cluster", "--listen", "0.0.0.0:15001", "--admin", "0.0.0.0:15000");
        assertThat(container.get("image")).isEqualTo("egress-designer/enforcer:" + VERSION);
        assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/ready");
        assertThat(at(container, "readinessProbe", "httpGet", "port")).isEqualTo("admin");
        assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/live");
        assertThat(at(container, "livenessProbe", "httpGet", "port")).isEqualTo("admin");
        assertThat(ports(container))
                .containsEntry("proxy", EnforcerConfig.DEFAULT_PROXY_PORT)
                .containsEntry("admin", EnforcerConfig.DEFAULT_ADMIN_PORT);
        assertThat(map(at(container, "resources", "requests"))).containsKeys("cpu", "memory");
        assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(at(container, "securityContext", "capabilities", "drop")).isEqualTo(List.of("ALL"));
        Map<String, Object> deployment = one(docs, "Deployment");
        assertThat(at(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"))
                .isEqualTo(true);
        assertThat(at(deployment, "spec", "template", "spec", "securityContext", "runAsUser"))
                .isEqualTo(65532);
        // the only writable place on a read-only root: the JVM and Netty's native library need /tmp
        assertThat(list(container, "volumeMounts"))
                .anySatisfy(m -> assertThat(m).containsEntry("mountPath", "/tmp"));
        Map<String, Object> podLabels = map(at(deployment, "spec", "template", "metadata", "labels"));
        assertThat(podLabels).containsAllEntriesOf(map(at(deployment, "spec", "selector", "matchLabels")));

        Map<String, Object> pdb = one(docs, "PodDisruptionBudget");
        assertThat(at(pdb, "apiVersion")).isEqualTo("policy/v1");
        assertThat(at(pdb, "spec", "maxUnavailable")).isEqualTo(1);
        assertThat(podLabels).containsAllEntriesOf(map(at(pdb, "spec", "selector", "matchLabels")));
        assertThat((Integer) at(deployment, "spec", "replicas")).isGreaterThan(1);

        Map<String, Object> service = one(docs, "Service");
        assertThat(podLabels).containsAllEntriesOf(map(at(service, "spec", "selector")));
        assertThat(list(service, "spec", "ports"))
                .singleElement()
                .satisfies(p -> assertThat(p).containsEntry("port", 15001).containsEntry("targetPort", "proxy"));

        // read-only access to exactly the kinds the enforcer follows (nothing about pods in the shared part)
        assertThat(rules(one(docs, "ClusterRole")).keySet())
                .containsExactlyInAnyOrderElementsOf(ClusterManifests.KINDS.stream()
                        .map(k -> k.getGroup() + "/" + k.getPlural())
                        .toList());
        assertThat(rules(one(docs, "ClusterRole"))).doesNotContainKey("/pods");
        assertThat(rules(one(docs, "ClusterRole")).values())
                .allSatisfy(verbs -> assertThat(verbs).containsExactlyInAnyOrder("get", "list", "watch"));
        assertBinding(docs);
        for (Map<String, Object> doc : docs) {
            if (!Set.of("Namespace", "ClusterRole", "ClusterRoleBinding").contains(doc.get("kind"))) {
                assertThat(at(doc, "metadata", "namespace"))
                        .as("namespace of %s", doc.get("kind"))
                        .isEqualTo("egress-system");
            }
        }
    }

    @Test
    void gatewayOverlayTakesTheIdentityFromThePodAddressAndMayWatchPods() throws Exception {
        List<Map<String, Object>> docs = render("deploy/overlays/gateway");
        assertThat(args(container(docs)))
                .containsExactly(
                        "--in-cluster",
                        "--listen",
                        "0.0.0.0:15001",
                        "--admin",
                        "0.0.0.0:15000",
                        "--identity-from",
                        "pod-ip");
        assertThat(rules(one(docs, "ClusterRole")))
                .containsEntry("/pods", List.of("get", "list", "watch"))
                .containsKey("policy.openservicemesh.io/egresses");
        assertBinding(docs);
        assertThat(one(docs, "PodDisruptionBudget")).isNotNull();
        // the image's entry point is EnforcerMain: one listener for every pod, its identity from the pod's address
        EnforcerConfig config = EnforcerConfig.parse(args(container(docs)));
        assertThat(config.identityFrom()).isEqualTo(EnforcerConfig.IdentityFrom.POD_IP);
        assertThat(config.listeners()).singleElement().satisfies(l -> {
            assertThat(l.identity()).isNull();
            assertThat(l.address().getAddress().isAnyLocalAddress()).isTrue();
            assertThat(l.address().getPort()).isEqualTo(15001);
        });
    }

    @Test
    void singleIdentityOverlayIsTodaysListenerAndTheEnforcerAcceptsItsArguments() throws Exception {
        List<Map<String, Object>> docs = render("deploy/overlays/single-identity");
        List<String> args = args(container(docs));
        assertThat(args)
                .containsExactly(
                        "--in-cluster",
                        "--listen",
                        "0.0.0.0:15001",
                        "--admin",
                        "0.0.0.0:15000",
                        "--identity",
                        "curl/curl");
        assertThat(rules(one(docs, "ClusterRole"))).doesNotContainKey("/pods");
        // the image's entry point is EnforcerMain: these are exactly the arguments it parses
        EnforcerConfig config = EnforcerConfig.parse(args);
        assertThat(config.listeners()).singleElement().satisfies(l -> {
            assertThat(l.identity()).isEqualTo(new Identity("curl", "curl"));
            assertThat(l.address().getAddress().isAnyLocalAddress()).isTrue();
            assertThat(l.address().getPort()).isEqualTo(15001);
        });
        assertThat(config.admin().getAddress().isAnyLocalAddress()).isTrue();
    }

    @Test
    void networkPolicyExampleLetsLabelledPodsOutOnlyThroughTheGateway() throws Exception {
        List<Map<String, Object>> gateway = render("deploy/overlays/gateway");
        Map<String, Object> gatewayPodLabels =
                map(at(one(gateway, "Deployment"), "spec", "template", "metadata", "labels"));
        Map<String, Object> policy =
                one(load(Files.readString(ROOT.resolve("deploy/examples/client-networkpolicy.yaml"))), "NetworkPolicy");
        Map<String, Object> client =
                one(load(Files.readString(ROOT.resolve("deploy/examples/client-deployment.yaml"))), "Deployment");
        assertThat(at(policy, "spec", "policyTypes")).isEqualTo(List.of("Egress"));
        // it selects the example client's pods
        assertThat(map(at(client, "spec", "template", "metadata", "labels")))
                .containsAllEntriesOf(map(at(policy, "spec", "podSelector", "matchLabels")));
        assertThat(at(policy, "metadata", "namespace")).isEqualTo(at(client, "metadata", "namespace"));
        List<Map<String, Object>> rules = list(policy, "spec", "egress");
        assertThat(rules).hasSize(2);
        // rule 1: the gateway's pods in its namespace, on the proxy port only
        Map<String, Object> toGateway = rules.get(0);
        Map<String, Object> peer = (Map<String, Object>) list(toGateway, "to").get(0);
        assertThat(map(at(peer, "namespaceSelector", "matchLabels")))
                .containsEntry("kubernetes.io/metadata.name", "egress-system");
        assertThat(gatewayPodLabels).containsAllEntriesOf(map(at(peer, "podSelector", "matchLabels")));
        assertThat(list(toGateway, "ports")).containsExactly(Map.of("protocol", "TCP", "port", 15001));
        // rule 2: DNS only
        assertThat(list(rules.get(1), "ports")).extracting(p -> p.get("port")).containsOnly(53);
        // and the client is told to use the gateway's Service as its proxy, in-cluster names direct
        Map<String, String> env = list(client, "spec", "template", "spec", "containers").stream()
                .flatMap(c -> ((List<Map<String, Object>>) c.get("env")).stream())
                .collect(Collectors.toMap(e -> (String) e.get("name"), e -> (String) e.get("value")));
        String proxy = "http://egress-enforcer.egress-system.svc.cluster.local:15001";
        assertThat(env)
                .containsEntry("HTTP_PROXY", proxy)
                .containsEntry("HTTPS_PROXY", proxy)
                .containsEntry("http_proxy", proxy)
                .containsEntry("https_proxy", proxy);
        assertThat(env.get("NO_PROXY")).contains(".svc.cluster.local").isEqualTo(env.get("no_proxy"));
        Map<String, Object> service = one(gateway, "Service");
        assertThat(at(service, "metadata", "name")).isEqualTo("egress-enforcer");
        assertThat(list(service, "spec", "ports").get(0)).containsEntry("port", 15001);
    }

    /**
     * kubectl applies the rendered overlay to the embedded cluster and reads the Deployment back. The embedded
     * cluster serves only the kinds the designer deploys (core v1, apps/v1 Deployment and osm's): kubectl cannot
     * map the RBAC objects and the PodDisruptionBudget there (not even for --dry-run=client), so those are
     * checked on the rendered output above and left out of the apply.
     */
    @Test
    void kubectlAppliesTheRenderedOverlayToTheEmbeddedCluster() throws Exception {
        Path kubectl = Tools.require("kubectl").get(0);
        List<Map<String, Object>> docs = render("deploy/overlays/single-identity");
        Set<String> served = Set.of("Namespace", "ServiceAccount", "Service", "Deployment");
        List<Map<String, Object>> apply =
                docs.stream().filter(d -> served.contains(d.get("kind"))).toList();
        List<Map<String, Object>> rest =
                docs.stream().filter(d -> !served.contains(d.get("kind"))).toList();
        assertThat(kinds(rest)).containsExactlyInAnyOrder("ClusterRole", "ClusterRoleBinding", "PodDisruptionBudget");
        try (EmbeddedCluster cluster = EmbeddedCluster.start("127.0.0.1", 0, true)) {
            Path kubeconfig = cluster.writeKubeconfig(tmp.resolve("kubeconfig"));
            Path served_ = tmp.resolve("served.yaml");
            Files.writeString(served_, dump(apply));
            List<String> base = List.of(
                    kubectl.toString(),
                    "--kubeconfig",
                    kubeconfig.toString(),
                    "--cache-dir",
                    tmp.resolve("cache").toString());
            Proc.Result applied = Proc.run(120, concat(base, "apply", "-f", served_.toString()))
                    .ok();
            assertThat(applied.stdout())
                    .contains(
                            "namespace/egress-system",
                            "serviceaccount/egress-enforcer",
                            "service/egress-enforcer",
                            "deployment.apps/egress-enforcer");
            Proc.Result got = Proc.run(
                            60,
                            concat(base, "get", "deployment", "egress-enforcer", "-n", "egress-system", "-o", "yaml"))
                    .ok();
            Map<String, Object> stored = load(got.stdout()).get(0);
            assertThat(args(container(List.of(stored))))
                    .containsExactly(
                            "--in-cluster",
                            "--listen",
                            "0.0.0.0:15001",
                            "--admin",
                            "0.0.0.0:15000",
                            "--identity",
                            "curl/curl");
            assertThat(at(stored, "spec", "template", "spec", "securityContext", "runAsNonRoot"))
                    .isEqualTo(true);
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private static List<Map<String, Object>> render(String dir) throws Exception {
        Path kubectl = Tools.require("kubectl").get(0);
        Proc.Result r = Proc.run(
                        120,
                        List.of(
                                kubectl.toString(),
                                "kustomize",
                                ROOT.resolve(dir).toString()))
                .ok();
        return load(r.stdout());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> load(String yaml) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (doc != null) {
                out.add((Map<String, Object>) doc);
            }
        }
        return out;
    }

    private static String dump(List<Map<String, Object>> docs) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options)
                .dumpAll(docs.iterator());
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> out = new ArrayList<>(head);
        out.addAll(List.of(tail));
        return out;
    }

    private static List<String> kinds(List<Map<String, Object>> docs) {
        return docs.stream().map(d -> (String) d.get("kind")).toList();
    }

    private static Map<String, Object> one(List<Map<String, Object>> docs, String kind) {
        List<Map<String, Object>> found =
                docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        assertThat(found).as("objects of kind %s", kind).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Object> container(List<Map<String, Object>> docs) {
        List<Map<String, Object>> containers = list(one(docs, "Deployment"), "spec", "template", "spec", "containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<String> args(Map<String, Object> container) {
        return (List<String>) container.get("args");
    }

    private static Map<String, Integer> ports(Map<String, Object> container) {
        return list(container, "ports").stream()
                .collect(Collectors.toMap(p -> (String) p.get("name"), p -> (Integer) p.get("containerPort")));
    }

    /** "group/resource" to verbs, over every rule of a ClusterRole. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> rules(Map<String, Object> role) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (Map<String, Object> rule : list(role, "rules")) {
            for (String group : (List<String>) rule.get("apiGroups")) {
                for (String resource : (List<String>) rule.get("resources")) {
                    out.put(group + "/" + resource, (List<String>) rule.get("verbs"));
                }
            }
        }
        return out;
    }

    private static void assertBinding(List<Map<String, Object>> docs) {
        Map<String, Object> binding = one(docs, "ClusterRoleBinding");
        assertThat(at(binding, "roleRef", "name")).isEqualTo(at(one(docs, "ClusterRole"), "metadata", "name"));
        Map<String, Object> sa = one(docs, "ServiceAccount");
        assertThat(list(binding, "subjects"))
                .singleElement()
                .satisfies(s -> assertThat(s)
                        .containsEntry("kind", "ServiceAccount")
                        .containsEntry("name", at(sa, "metadata", "name"))
                        .containsEntry("namespace", at(sa, "metadata", "namespace")));
        assertThat(at(one(docs, "Deployment"), "spec", "template", "spec", "serviceAccountName"))
                .isEqualTo(at(sa, "metadata", "name"));
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> map, String... path) {
        Object here = map;
        for (String key : path) {
            assertThat(here)
                    .as("parent of %s in %s", key, String.join(".", path))
                    .isInstanceOf(Map.class);
            here = ((Map<String, Object>) here).get(key);
        }
        return here;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> map, String... path) {
        Object o = at(map, path);
        assertThat(o).as(String.join(".", path)).isInstanceOf(List.class);
        return (List<Map<String, Object>>) o;
    }
}
