package egress.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layers of the server module: the deploy service is reusable without the HTTP API. */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("egress.server");

    @Test
    void deployAndClusterDoNotDependOnTheHttpApi() {
        noClasses().that().resideInAnyPackage("egress.server.deploy..", "egress.server.cluster..",
                        "egress.server.workspace..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "egress.server.api..")
                .check(CLASSES);
    }

    @Test
    void loggingGoesThroughSlf4jOnlyOutsideTheEntryPoints() {
        noClasses().that().resideInAnyPackage("egress.server.api..", "egress.server.deploy..",
                        "egress.server.cluster..", "egress.server.workspace..")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .check(CLASSES);
    }
}
