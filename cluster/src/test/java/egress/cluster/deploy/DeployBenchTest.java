package egress.cluster.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import egress.cluster.kube.EmbeddedCluster;
import egress.cluster.kube.ServedResources;
import egress.policy.validate.Validator;
import egress.policy.yaml.Manifest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys 1,000 Egress policies to the embedded cluster and reports the time. Not part of the normal build:
 * {@code mvn -pl cluster -am test -Dgroups=bench -Dcluster.excludedGroups= -Dtest=DeployBenchTest}.
 */
@Tag("bench")
class DeployBenchTest {
    private static final Logger logger = LoggerFactory.getLogger(DeployBenchTest.class);

    @Test
    void deploysAThousandPoliciesInUnderTwentySeconds() {
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            docs.add(Workspaces.egress("policy-" + i, "host-" + i + ".example"));
        }
        List<Manifest> workspace = Workspaces.of(docs.toArray(String[]::new));
        try (EmbeddedCluster cluster = EmbeddedCluster.start("127.0.0.1", 0, false)) {
            DeployService service = new DeployService(cluster.client());
            long start = System.nanoTime();
            Validator.validate(workspace);
            long validateMs = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            DeployResult r = service.deploy(workspace, DeployOptions.apply(true), DeployListener.NONE);
            long createMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);

            start = System.nanoTime();
            DeployResult again = service.deploy(workspace, DeployOptions.apply(true), DeployListener.NONE);
            long unchangedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(again.plan().writes()).isEmpty();

            logger.info(
                    "deploy of 1000 Egress policies: {} ms to create (validate, plan, apply; validation alone"
                            + " {} ms when run first), {} ms to re-plan unchanged",
                    createMs,
                    validateMs,
                    unchangedMs);
            assertThat(cluster.client()
                            .genericKubernetesResources(ServedResources.EGRESS.context())
                            .inAnyNamespace()
                            .list()
                            .getItems())
                    .hasSize(1000);
            assertThat(createMs).isLessThan(20_000);
        }
    }
}
