package egress.cluster.deploy;

import static egress.cluster.deploy.Workspaces.egress;
import static egress.cluster.deploy.Workspaces.of;
import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.ServedResource;
import egress.cluster.kube.ServedResources;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bare fabric8 CRUD mock cannot create by server-side apply: the deploy falls back to create and replace. */
@EnableKubernetesMockClient(crud = true, https = false)
class BareMockDeployTest {
    KubernetesClient client;
    KubernetesMockServer server;

    @BeforeEach
    void registerKinds() {
        for (ServedResource r : ServedResources.custom()) {
            server.expectCustomResource(r.context());
        }
    }

    @Test
    @DisplayName("create and replace are used when server-side apply answers 404 for a new object")
    void fallsBackToCreateAndReplace() {
        DeployService service = new DeployService(client);
        DeployResult first =
                service.deploy(of(egress("a", "a.example")), DeployOptions.apply(false), DeployListener.NONE);
        assertThat(first.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
        DeployResult second =
                service.deploy(of(egress("a", "b.example")), DeployOptions.apply(false), DeployListener.NONE);
        assertThat(second.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
        assertThat(client.genericKubernetesResources(ServedResources.EGRESS.context())
                        .inNamespace("curl")
                        .withName("a")
                        .get()
                        .<List<String>>get("spec", "hosts"))
                .containsExactly("b.example");
        assertThat(second.plan().egressPolicyEnabled()).isNull();
    }
}
