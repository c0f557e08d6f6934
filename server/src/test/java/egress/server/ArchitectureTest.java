package egress.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The server is the HTTP API and the web designer: it sits on policy and simulator (the web designer's engine) and
 * on cluster (connections, the embedded cluster, import and deploy); it does not use the enforcer (the enforcer is
 * its client over HTTP), the desktop app or the cli. The workspace is reusable without the HTTP API.
 */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("egress.server");

    @Test
    void theWorkspaceDoesNotDependOnTheHttpApi() {
        noClasses()
                .that()
                .resideInAnyPackage("egress.server.workspace..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.javalin..", "egress.server.api..")
                .check(CLASSES);
    }

    @Test
    void loggingGoesThroughSlf4jOnlyOutsideTheEntryPoints() {
        noClasses()
                .that()
                .resideInAnyPackage("egress.server.api..", "egress.server.workspace..")
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .check(CLASSES);
    }

    @Test
    void dependsOnPolicySimulatorAndClusterOnlyAmongTheModules() {
        noClasses()
                .that()
                .resideInAPackage("egress.server..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "egress.enforcer..",
                        "egress.designer..",
                        "egress.cli..",
                        "egress.benchmarks..",
                        "egress.fixtures..")
                .check(CLASSES);
    }

    @Test
    void leavesTheEmbeddedClustersMockServerToCluster() {
        noClasses()
                .that()
                .resideInAPackage("egress.server..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.fabric8.kubernetes.client.server.mock..",
                        "io.fabric8.mockwebserver..",
                        "egress.cluster.main..")
                .check(CLASSES);
    }

    @Test
    void dependsOnNoProxyUiOrCommandLineLibrary() {
        noClasses()
                .that()
                .resideInAPackage("egress.server..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "javafx..", "java.awt..", "javax.swing..", "picocli..")
                .check(CLASSES);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("egress.server.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
