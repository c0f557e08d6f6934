package egress.designer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The desktop designer sits on policy and simulator, and on cluster for deploy, the embedded cluster and kubeconfig
 * contexts; never on server (the web server, its mock-cluster and logging choices) or an entry point.
 */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("egress.designer");

    @Test
    void dependsOnNoServerEnforcerCliBenchmarksOrTestSupport() {
        noClasses()
                .that()
                .resideInAPackage("egress.designer..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "egress.server..",
                        "egress.enforcer..",
                        "egress.cli..",
                        "egress.benchmarks..",
                        "egress.fixtures..",
                        "egress.cluster.main..")
                .check(CLASSES);
    }

    @Test
    void dependsOnNoWebServerMockClusterOrCommandLineLibrary() {
        noClasses()
                .that()
                .resideInAPackage("egress.designer..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.javalin..",
                        "org.eclipse.jetty..",
                        "io.fabric8.kubernetes.client.server.mock..",
                        "io.fabric8.mockwebserver..",
                        "picocli..",
                        "io.netty..")
                .check(CLASSES);
    }

    @Test
    void onlyTheAppTalksToTheCluster() {
        noClasses()
                .that()
                .resideInAPackage("egress.designer..")
                .and()
                .resideOutsideOfPackage("egress.designer.app..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("egress.cluster..", "io.fabric8..")
                .check(CLASSES);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("egress.designer.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
