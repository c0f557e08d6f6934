package egress.simulator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The simulator sits directly on policy: it is the engine the designers, the server and the cli run. */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("egress.simulator");

    @Test
    void dependsOnPolicyOnlyAmongTheModules() {
        noClasses()
                .that()
                .resideInAPackage("egress.simulator..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "egress.enforcer..",
                        "egress.server..",
                        "egress.designer..",
                        "egress.cli..",
                        "egress.benchmarks..",
                        "egress.fixtures..",
                        "egress.cluster..")
                .check(CLASSES);
    }

    @Test
    void dependsOnNoProxyWebClusterUiOrCommandLineLibrary() {
        noClasses()
                .that()
                .resideInAPackage("egress.simulator..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.netty..",
                        "io.javalin..",
                        "io.fabric8..",
                        "org.eclipse.jetty..",
                        "javafx..",
                        "java.awt..",
                        "javax.swing..",
                        "picocli..")
                .check(CLASSES);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("egress.simulator.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
