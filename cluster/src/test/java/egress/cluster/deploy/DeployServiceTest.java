package egress.cluster.deploy;

import static egress.cluster.deploy.Workspaces.egress;
import static egress.cluster.deploy.Workspaces.invalidEgress;
import static egress.cluster.deploy.Workspaces.of;
import static egress.cluster.deploy.Workspaces.routeGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import egress.cluster.kube.EmbeddedCluster;
import egress.cluster.kube.ServedResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DeployService against the embedded cluster (a fresh one per test: pruning looks at every namespace). */
class DeployServiceTest {
    EmbeddedCluster cluster;
    KubernetesClient client;
    DeployService service;

    @TempDir
    Path journals;

    @BeforeEach
    void start() {
        cluster = EmbeddedCluster.start("127.0.0.1", 0, false);
        client = cluster.client();
        service = new DeployService(client, journals);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    GenericKubernetesResource egressInCluster(String name) {
        return client.genericKubernetesResources(ServedResources.EGRESS.context())
                .inNamespace("curl")
                .withName(name)
                .get();
    }

    boolean flag() {
        return client.genericKubernetesResources(ServedResources.MESH_CONFIG.context())
                .inNamespace("osm-system")
                .withName("osm-mesh-config")
                .get()
                .<Boolean>get("spec", "featureFlags", "enableEgressPolicy");
    }

    /** An Egress in curl written by someone else than the deploy service. */
    static GenericKubernetesResource byHand(String name) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("policy.openservicemesh.io/v1alpha1")
                .withKind("Egress")
                .withNewMetadata()
                .withName(name)
                .withNamespace("curl")
                .endMetadata()
                .addToAdditionalProperties("spec", Map.of("hosts", List.of(name + ".example")))
                .build();
    }

    @Test
    @DisplayName("a first deploy creates every object, labelled and owned by the egress-designer field manager")
    void createsEveryObject() {
        List<DeployEvent> seen = new ArrayList<>();
        DeployResult r = service.deploy(
                of(routeGroup("get-only"), egress("a", "a.example"), egress("b", "b.example")),
                DeployOptions.apply(false),
                seen::add);

        assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
        assertThat(seen)
                .extracting(DeployEvent::type)
                .containsExactly(
                        DeployEvent.Type.APPLIED,
                        DeployEvent.Type.APPLIED,
                        DeployEvent.Type.APPLIED,
                        DeployEvent.Type.DONE);
        assertThat(seen.get(0).message()).isEqualTo("created HTTPRouteGroup curl/get-only");
        GenericKubernetesResource a = egressInCluster("a");
        assertThat(a.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "egress-designer");
        assertThat(a.getMetadata().getManagedFields())
                .extracting(ManagedFieldsEntry::getManager)
                .containsExactly("egress-designer");
        assertThat(service.plan(of(routeGroup("get-only"), egress("a", "a.example"), egress("b", "b.example")), true)
                        .writes())
                .isEmpty();
    }

    @Test
    @DisplayName("the plan names the changed fields of an update, and applying it replaces the host list")
    void updateNamesChangedFields() {
        service.deploy(of(egress("a", "a.example")), DeployOptions.apply(false), DeployListener.NONE);
        DeployResult dry =
                service.deploy(of(egress("a", "b.example")), DeployOptions.dryRunOnly(), DeployListener.NONE);
        assertThat(dry.outcome()).isEqualTo(DeployResult.Outcome.PLANNED);
        assertThat(dry.plan().changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.UPDATE);
            assertThat(c.changedFields()).containsExactly("spec.hosts[0]");
        });
        assertThat(egressInCluster("a").<List<String>>get("spec", "hosts")).containsExactly("a.example");

        service.deploy(of(egress("a", "b.example")), DeployOptions.apply(false), DeployListener.NONE);
        assertThat(egressInCluster("a").<List<String>>get("spec", "hosts")).containsExactly("b.example");
    }

    @Test
    @DisplayName("only objects labelled as deployed by egress-designer are pruned")
    void prunesOnlyOurObjects() {
        service.deploy(
                of(egress("a", "a.example"), egress("old", "old.example")),
                DeployOptions.apply(false),
                DeployListener.NONE);
        client.genericKubernetesResources(ServedResources.EGRESS.context())
                .inNamespace("curl")
                .resource(byHand("by-hand"))
                .create();

        DeployResult r = service.deploy(of(egress("a", "a.example")), DeployOptions.apply(false), DeployListener.NONE);

        assertThat(r.plan().writes())
                .extracting(c -> c.action() + " " + c.key().describe())
                .containsExactly("DELETE Egress curl/old");
        assertThat(egressInCluster("old")).isNull();
        assertThat(egressInCluster("by-hand")).isNotNull();
    }

    @Test
    @DisplayName("a prune leaves an object alone that carries our label but was applied by another field manager")
    void prunesOnlyWhatOurFieldManagerOwns() {
        service.deploy(
                of(egress("a", "a.example"), egress("old", "old.example")),
                DeployOptions.apply(false),
                DeployListener.NONE);
        // kubectl apply --server-side of a manifest exported from the designer: same label, another manager
        GenericKubernetesResource theirs = byHand("theirs");
        theirs.getMetadata().setLabels(Map.of("app.kubernetes.io/managed-by", "egress-designer"));
        client.genericKubernetesResources(ServedResources.EGRESS.context())
                .inNamespace("curl")
                .resource(theirs)
                .fieldManager("kubectl")
                .serverSideApply();

        DeployResult r = service.deploy(of(egress("a", "a.example")), DeployOptions.apply(false), DeployListener.NONE);

        assertThat(r.plan().writes())
                .extracting(c -> c.action() + " " + c.key().describe())
                .containsExactly("DELETE Egress curl/old");
        assertThat(egressInCluster("old")).isNull();
        assertThat(egressInCluster("theirs")).isNotNull();
    }

    @Test
    @DisplayName("stop() half-way: the deploy stops before its next write, rolls back, and stop returns after that")
    void stopRollsBackBeforeItReturns() throws Exception {
        List<String> workspace = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            workspace.add(egress("e" + i, "e" + i + ".example"));
        }
        AtomicReference<Boolean> stopped = new AtomicReference<>();
        Thread[] stopper = new Thread[1];
        DeployResult r = service.deploy(of(workspace.toArray(String[]::new)), DeployOptions.apply(true), e -> {
            if (e.type() == DeployEvent.Type.APPLIED && e.index() == 5) {
                stopper[0] = new Thread(() -> {
                    try {
                        stopped.set(service.stop(Duration.ofMinutes(2)));
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                });
                stopper[0].start();
                while (!service.stopping()) {
                    Thread.onSpinWait();
                }
            }
        });
        stopper[0].join(120_000);

        assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(r.failure()).endsWith("the process is stopping");
        assertThat(stopped.get()).isTrue();
        assertThat(client.genericKubernetesResources(ServedResources.EGRESS.context())
                        .inAnyNamespace()
                        .list()
                        .getItems())
                .isEmpty();
        assertThat(service.unfinished()).isEmpty();
        assertThatThrownBy(() -> service.deploy(
                        of(egress("late", "l.example")), DeployOptions.apply(false), DeployListener.NONE))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("a journal left behind blocks the next deploy until it is rolled back or finished")
    void aJournalBlocksTheNextDeployUntilRecovered() {
        DeployResult planned = service.deploy(
                of(egress("a", "a.example"), egress("b", "b.example")),
                DeployOptions.dryRunOnly(),
                DeployListener.NONE);
        DeployJournal journal = new DeployJournal(journals, cluster.url());
        journal.begin(planned.plan().writes(), false);
        // the process wrote one object and died
        client.genericKubernetesResources(ServedResources.EGRESS.context())
                .inNamespace("curl")
                .resource(byHand("a"))
                .create();

        DeployResult blocked =
                service.deploy(of(egress("c", "c.example")), DeployOptions.apply(false), DeployListener.NONE);
        assertThat(blocked.outcome()).isEqualTo(DeployResult.Outcome.UNFINISHED);
        assertThat(blocked.failure())
                .contains("--resume")
                .contains("--rollback")
                .contains("2 change(s)");
        assertThat(egressInCluster("c")).isNull();

        DeployResult finished = service.recover(false, DeployListener.NONE);
        assertThat(finished.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
        assertThat(egressInCluster("a")).isNotNull();
        assertThat(egressInCluster("b")).isNotNull();
        assertThat(service.unfinished()).isEmpty();

        journal.begin(planned.plan().writes(), false);
        DeployResult undone = service.recover(true, DeployListener.NONE);
        assertThat(undone.outcome()).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(egressInCluster("a")).isNull();
        assertThat(egressInCluster("b")).isNull();
        assertThat(service.unfinished()).isEmpty();
    }

    @Test
    @DisplayName("an empty workspace prunes nothing")
    void emptyWorkspacePrunesNothing() {
        service.deploy(of(egress("a", "a.example")), DeployOptions.apply(false), DeployListener.NONE);
        DeployResult r = service.deploy(List.of(), DeployOptions.apply(false), DeployListener.NONE);
        assertThat(r.plan().writes()).isEmpty();
        assertThat(r.plan().skipped()).singleElement().asString().startsWith("nothing pruned");
        assertThat(egressInCluster("a")).isNotNull();
    }

    @Test
    @DisplayName("a workspace with one rejected manifest applies nothing and returns the errors")
    void halfValidSetAppliesNothing() {
        DeployResult r = service.deploy(
                of(egress("good", "a.example"), invalidEgress("bad")), DeployOptions.apply(true), DeployListener.NONE);

        assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.REJECTED);
        assertThat(r.report().errors()).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("spec.ports[0].number");
            assertThat(d.position().line()).isEqualTo(15);
        });
        assertThat(egressInCluster("good")).isNull();
        assertThat(flag()).isFalse();
    }

    @Test
    @DisplayName("a failure half-way deletes what was created and restores what was updated")
    void failureHalfWayRollsBack() {
        service.deploy(of(egress("a", "a.example")), DeployOptions.apply(false), DeployListener.NONE);
        String rvBefore = egressInCluster("a").getMetadata().getResourceVersion();
        List<DeployEvent> seen = new ArrayList<>();
        DeployListener failOnSecond = e -> {
            seen.add(e);
            if (e.type() == DeployEvent.Type.APPLIED && e.index() == 2) {
                throw new IllegalStateException("listener gave up");
            }
        };

        DeployResult r = service.deploy(
                of(egress("a", "changed.example"), egress("b", "b.example"), egress("c", "c.example")),
                DeployOptions.apply(true),
                failOnSecond);

        assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(r.failure()).isEqualTo("create Egress curl/b: listener gave up");
        assertThat(seen)
                .extracting(e -> e.type() + " " + e.message())
                .containsExactly(
                        "APPLIED updated Egress curl/a",
                        "APPLIED created Egress curl/b",
                        "FAILED create Egress curl/b: listener gave up",
                        "ROLLED_BACK undid create of Egress curl/b",
                        "ROLLED_BACK undid update of Egress curl/a",
                        "DONE rolled_back");
        assertThat(egressInCluster("a").<List<String>>get("spec", "hosts")).containsExactly("a.example");
        assertThat(egressInCluster("a").getMetadata().getResourceVersion()).isNotEqualTo(rvBefore);
        assertThat(egressInCluster("b")).isNull();
        assertThat(egressInCluster("c")).isNull();
        assertThat(flag()).isFalse();
    }

    @Test
    @DisplayName("enableEgressPolicy is switched on only when the caller says yes, and back off on rollback")
    void flagOnlyWhenAsked() {
        DeployResult no = service.deploy(of(egress("a", "a.example")), DeployOptions.apply(false), DeployListener.NONE);
        assertThat(no.plan().egressPolicyEnabled()).isFalse();
        assertThat(flag()).isFalse();

        DeployResult failed =
                service.deploy(of(egress("a", "a.example"), egress("b", "b.example")), DeployOptions.apply(true), e -> {
                    if (e.type() == DeployEvent.Type.MESH_CONFIG) {
                        throw new IllegalStateException("stop");
                    }
                });
        assertThat(failed.outcome()).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(failed.failure()).isEqualTo("stop");
        assertThat(flag()).isFalse();
        assertThat(egressInCluster("b")).isNull();

        DeployResult yes = service.deploy(of(egress("a", "a.example")), DeployOptions.apply(true), DeployListener.NONE);
        assertThat(yes.events()).extracting(DeployEvent::message).contains("enableEgressPolicy switched on");
        assertThat(flag()).isTrue();
    }

    @Test
    @DisplayName("a dry run writes nothing")
    void dryRunWritesNothing() {
        DeployResult r = service.deploy(of(egress("a", "a.example")), DeployOptions.dryRunOnly(), DeployListener.NONE);
        assertThat(r.plan().writes()).extracting(Change::action).containsExactly(Action.CREATE);
        assertThat(egressInCluster("a")).isNull();
    }
}
