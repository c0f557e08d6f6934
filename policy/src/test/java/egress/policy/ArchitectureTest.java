package egress.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private final JavaClasses policy = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("egress.policy");

    @Test
    void policyDependsOnNoWebProxyClusterOrUiLibrary() {
        noClasses()
                .that()
                .resideInAPackage("egress.policy..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.netty..",
                        "io.javalin..",
                        "io.fabric8..",
                        "javafx..",
                        "org.eclipse.jetty..",
                        "com.fasterxml.jackson..",
                        "tools.jackson..",
                        "picocli..",
                        "java.awt..",
                        "javax.swing..",
                        "java.net.http..")
                .check(policy);
    }

    @Test
    void policyDependsOnNoOtherModuleOfTheProduct() {
        noClasses()
                .that()
                .resideInAPackage("egress.policy..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "egress.simulator..",
                        "egress.enforcer..",
                        "egress.server..",
                        "egress.designer..",
                        "egress.cli..",
                        "egress.benchmarks..",
                        "egress.fixtures..",
                        "egress.cluster..")
                .check(policy);
    }

    @Test
    void theModelDoesNotReachIntoTheMatcherOrTheValidator() {
        noClasses()
                .that()
                .resideInAPackage("egress.policy.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("egress.policy.match..", "egress.policy.validate..")
                .check(policy);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("egress.policy.(*)..").should().beFreeOfCycles().check(policy);
    }
}
