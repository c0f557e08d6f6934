package egress.enforcer;

import static org.assertj.core.api.Assertions.assertThat;

import egress.enforcer.config.ClusterManifests;
import egress.enforcer.config.EnforcerConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** deploy/enforcer/*.yaml applied to the fabric8 mock server and read back. */
@EnableKubernetesMockClient(crud = true, https = false)
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of(System.getProperty("project.root", "..")).resolve("deploy/enforcer");
    private static final String NS = "egress-system";
    KubernetesClient client;
    KubernetesMockServer server;

    @BeforeEach
    void apply() throws Exception {
        List<HasMetadata> items = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    items.addAll(client.load(in).items());
                }
            }
        }
        assertThat(items).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("Namespace", "ServiceAccount",
                "ClusterRole", "ClusterRoleBinding", "Deployment", "Service");
        items.forEach(item -> client.resource(item).create());
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace(NS).withName("egress-enforcer").get();
    }

    private Container container() {
        return deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    @DisplayName("three replicas run egress enforce in-cluster under the enforcer's service account")
    void deploymentRunsTheEnforcerInCluster() {
        Deployment d = deployment();
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("egress-enforcer");
        assertThat(client.serviceAccounts().inNamespace(NS).withName("egress-enforcer").get()).isNotNull();
        List<String> args = container().getArgs();
        assertThat(args).startsWith("enforce", "--in-cluster");
        EnforcerConfig config = EnforcerConfig.parse(args.subList(1, args.size()));
        assertThat(config.cluster()).isEqualTo(new EnforcerConfig.Cluster(null, null));
        assertThat(config.admin().getPort()).isEqualTo(EnforcerConfig.DEFAULT_ADMIN_PORT);
        assertThat(config.listeners().get(0).address().getPort()).isEqualTo(EnforcerConfig.DEFAULT_PROXY_PORT);
        // the default bind is loopback; in a pod the Service and the kubelet's probes need every interface
        assertThat(config.admin().getAddress().isAnyLocalAddress()).as("--admin binds 0.0.0.0 explicitly").isTrue();
        assertThat(config.listeners().get(0).address().getAddress().isAnyLocalAddress())
                .as("--listen binds 0.0.0.0 explicitly").isTrue();
        assertThat(container().getResources().getRequests()).containsKeys("cpu", "memory");
    }

    @Test
    @DisplayName("readiness asks the admin port's /ready, liveness its cheap /live (not /metrics)")
    void probes() {
        Container c = container();
        Map<String, Integer> ports = new HashMap<>();
        c.getPorts().forEach(p -> ports.put(p.getName(), p.getContainerPort()));
        assertThat(ports).containsEntry("admin", EnforcerConfig.DEFAULT_ADMIN_PORT)
                .containsEntry("proxy", EnforcerConfig.DEFAULT_PROXY_PORT);
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(port(c.getReadinessProbe().getHttpGet().getPort(), ports)).isEqualTo(EnforcerConfig.DEFAULT_ADMIN_PORT);
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/live");
        assertThat(port(c.getLivenessProbe().getHttpGet().getPort(), ports)).isEqualTo(EnforcerConfig.DEFAULT_ADMIN_PORT);
    }

    @Test
    @DisplayName("the cluster role only reads, and covers every kind the enforcer follows")
    void rbacIsReadOnly() {
        ClusterRole role = client.rbac().clusterRoles().withName("egress-enforcer").get();
        List<String> granted = new ArrayList<>();
        for (PolicyRule rule : role.getRules()) {
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
            rule.getApiGroups().forEach(g -> rule.getResources().forEach(r -> granted.add(g + "/" + r)));
        }
        assertThat(granted).containsExactlyInAnyOrderElementsOf(
                ClusterManifests.KINDS.stream().map(k -> k.getGroup() + "/" + k.getPlural()).toList());
        ClusterRoleBinding binding = client.rbac().clusterRoleBindings().withName("egress-enforcer").get();
        assertThat(binding.getRoleRef().getName()).isEqualTo("egress-enforcer");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo("egress-enforcer");
            assertThat(s.getNamespace()).isEqualTo(NS);
        });
    }

    @Test
    @DisplayName("the Service selects the Deployment's pods and forwards to the proxy port")
    void serviceSelectsThePods() {
        Service service = client.services().inNamespace(NS).withName("egress-enforcer").get();
        Map<String, String> podLabels = deployment().getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getSelector()).isNotEmpty();
        assertThat(deployment().getSpec().getSelector().getMatchLabels()).isEqualTo(service.getSpec().getSelector());
        ServicePort p = service.getSpec().getPorts().get(0);
        Map<String, Integer> ports = new HashMap<>();
        container().getPorts().forEach(cp -> ports.put(cp.getName(), cp.getContainerPort()));
        assertThat(port(p.getTargetPort(), ports)).isEqualTo(EnforcerConfig.DEFAULT_PROXY_PORT);
    }

    private static int port(IntOrString p, Map<String, Integer> named) {
        return p.getIntVal() != null ? p.getIntVal() : named.getOrDefault(p.getStrVal(), -1);
    }
}
