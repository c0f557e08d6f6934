package egress.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * deploy has no code of its own; what it guards is what the image ships: the enforcer and policy, and nothing
 * of the designer, the web server, the cli, the simulator or the test support.
 */
class ArchitectureTest {
    static final JavaClasses IMAGE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("egress.enforcer", "egress.policy");

    @Test
    void theImagesClassesNeedNoOtherModule() {
        noClasses().that().resideInAnyPackage("egress.enforcer..", "egress.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("egress.simulator..", "egress.server..",
                        "egress.designer..", "egress.cli..", "egress.benchmarks..", "egress.fixtures..")
                .check(IMAGE);
    }

    @Test
    void theImagesClassesNeedNoWebUiOrCommandLineLibrary() {
        noClasses().that().resideInAnyPackage("egress.enforcer..", "egress.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "javafx..",
                        "picocli..", "org.junit..")
                .check(IMAGE);
    }
}
