package egress.enforcer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The enforcer is what the image ships (deploy/): it sits on policy, and reads a cluster through cluster's
 * watches only (never the embedded cluster, deploy or fabric8 itself). The simulator is on its test class
 * path for the differential test only, on purpose: the proxy decides with the compiled tables of policy, never
 * with the simulator's model of a mesh.
 */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("egress.enforcer");

    @Test
    void dependsOnPolicyAndClustersWatchesOnlyAmongTheModules() {
        noClasses()
                .that()
                .resideInAPackage("egress.enforcer..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "egress.simulator..",
                        "egress.server..",
                        "egress.designer..",
                        "egress.cli..",
                        "egress.benchmarks..",
                        "egress.fixtures..",
                        "egress.cluster.kube..",
                        "egress.cluster.deploy..",
                        "egress.cluster.main..",
                        "egress.cluster.files..")
                .check(CLASSES);
    }

    @Test
    void dependsOnNoWebUiOrCommandLineLibraryNorTheMockCluster() {
        noClasses()
                .that()
                .resideInAPackage("egress.enforcer..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.javalin..",
                        "org.eclipse.jetty..",
                        "javafx..",
                        "java.awt..",
                        "javax.swing..",
                        "picocli..",
                        "io.fabric8.kubernetes.client.server.mock..",
                        "io.fabric8.mockwebserver..")
                .check(CLASSES);
    }

    @Test
    void readsTheClusterOnlyThroughTheClusterModule() {
        noClasses()
                .that()
                .resideInAPackage("egress.enforcer..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.fabric8..")
                .check(CLASSES);
        noClasses()
                .that()
                .resideOutsideOfPackages("egress.enforcer.config..", "egress.enforcer.identity..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("egress.cluster..")
                .check(CLASSES);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("egress.enforcer.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
