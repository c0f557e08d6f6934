package egress.cluster;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * cluster is the one place that talks to Kubernetes (fabric8): connections and kubeconfigs, the embedded cluster,
 * import and deploy, and the watches of policies and pods the enforcer follows. It sits on policy alone, under
 * server, designer-ui and the enforcer, and uses no web server, UI, command line or proxy code.
 */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("egress.cluster");

    @Test
    void dependsOnPolicyOnlyAmongTheModules() {
        noClasses()
                .that()
                .resideInAPackage("egress.cluster..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "egress.simulator..",
                        "egress.enforcer..",
                        "egress.server..",
                        "egress.designer..",
                        "egress.cli..",
                        "egress.benchmarks..",
                        "egress.fixtures..")
                .check(CLASSES);
    }

    @Test
    void dependsOnNoWebServerUiCommandLineOrProxyLibrary() {
        noClasses()
                .that()
                .resideInAPackage("egress.cluster..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.javalin..",
                        "org.eclipse.jetty..",
                        "javafx..",
                        "java.awt..",
                        "javax.swing..",
                        "picocli..",
                        "io.netty..")
                .check(CLASSES);
    }

    @Test
    void theWatchesTheEnforcerShipsNeedNeitherTheEmbeddedClusterNorDeploy() {
        // the enforcer's image leaves the mock server out (enforcer/pom.xml): watch must never reach it
        noClasses()
                .that()
                .resideInAPackage("egress.cluster.watch..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "egress.cluster.kube..",
                        "egress.cluster.deploy..",
                        "egress.cluster.main..",
                        "egress.cluster.files..",
                        "io.fabric8.kubernetes.client.server.mock..",
                        "io.fabric8.mockwebserver..",
                        "io.vertx..",
                        "org.bouncycastle..")
                .check(CLASSES);
    }

    @Test
    void loggingGoesThroughSlf4jOnlyOutsideTheEntryPoints() {
        noClasses()
                .that()
                .resideInAPackage("egress.cluster..")
                .and()
                .resideOutsideOfPackage("egress.cluster.main..")
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .check(CLASSES);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("egress.cluster.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
