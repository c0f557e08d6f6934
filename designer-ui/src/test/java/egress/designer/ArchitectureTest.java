package egress.designer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The desktop designer sits on policy and simulator. Its use of server is a known violation (issue 10: a
 * cluster module under both server and designer-ui), frozen here to exactly the classes that use it today,
 * so that any new use fails.
 */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("egress.designer");

    /** The designer classes that deploy and run the embedded cluster through server today. */
    static final Set<String> CLUSTER_USERS = Set.of(
            "egress.designer.app.ServiceDeployer",
            "egress.designer.app.DesktopCluster",
            "egress.designer.app.KubeContexts");

    /** The server classes they use: deploy service and its results, the embedded cluster, kubeconfigs. */
    static final Set<String> CLUSTER_CLASSES = Set.of(
            "egress.server.ClusterMain",
            "egress.server.cluster.ClusterConnection",
            "egress.server.cluster.EmbeddedCluster",
            "egress.server.cluster.Kubeconfigs",
            "egress.server.deploy.DeployService",
            "egress.server.deploy.DeployOptions",
            "egress.server.deploy.DeployResult",
            "egress.server.deploy.DeployEvent",
            "egress.server.deploy.Plan",
            "egress.server.deploy.Change",
            "egress.server.deploy.Action",
            "egress.server.deploy.ObjectKey");

    /** A class named in the set, or one nested in it (lambdas and records inside it count as itself). */
    static DescribedPredicate<JavaClass> namedIn(Set<String> names, String description) {
        return DescribedPredicate.describe(description, c -> names.contains(c.getName().split("\\$", 2)[0]));
    }

    @Test
    void dependsOnNoEnforcerCliBenchmarksOrTestSupport() {
        noClasses().that().resideInAPackage("egress.designer..")
                .should().dependOnClassesThat().resideInAnyPackage("egress.enforcer..", "egress.cli..",
                        "egress.benchmarks..", "egress.fixtures..")
                .check(CLASSES);
    }

    @Test
    void dependsOnNoWebServerMockClusterOrCommandLineLibrary() {
        noClasses().that().resideInAPackage("egress.designer..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..",
                        "egress.server.api..", "io.fabric8.kubernetes.client.server.mock..",
                        "io.fabric8.mockwebserver..", "picocli..", "io.netty..")
                .check(CLASSES);
    }

    @Test
    void usesServerOnlyInTheFrozenClusterAndDeployClasses() {
        // known violation, frozen: remove an entry when the cluster module takes it over, never add one
        noClasses().that().resideInAPackage("egress.designer..")
                .should().dependOnClassesThat(DescribedPredicate.and(
                        JavaClass.Predicates.resideInAPackage("egress.server.."),
                        DescribedPredicate.not(namedIn(CLUSTER_CLASSES, "the frozen cluster and deploy classes"))))
                .check(CLASSES);
        noClasses().that(DescribedPredicate.not(namedIn(CLUSTER_USERS, "the frozen cluster users")))
                .and().resideInAPackage("egress.designer..")
                .should().dependOnClassesThat().resideInAnyPackage("egress.server..", "io.fabric8..")
                .check(CLASSES);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("egress.designer.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
