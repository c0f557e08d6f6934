package egress.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * deploy has no code of its own; what it guards is what the image ships: the enforcer, policy and cluster's
 * watches, and nothing of the designer, the web server, the cli, the simulator, the test support, or the
 * embedded cluster (the image leaves its mock server out).
 */
class ArchitectureTest {
    static final JavaClasses IMAGE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("egress.enforcer", "egress.policy", "egress.cluster.watch");

    @Test
    void theImagesClassesNeedNoOtherModule() {
        noClasses()
                .that()
                .resideInAnyPackage("egress.enforcer..", "egress.policy..", "egress.cluster.watch..")
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
                        "io.fabric8.kubernetes.client.server.mock..",
                        "io.fabric8.mockwebserver..")
                .check(IMAGE);
    }

    @Test
    void theImagesClassesNeedNoWebUiOrCommandLineLibrary() {
        noClasses()
                .that()
                .resideInAnyPackage("egress.enforcer..", "egress.policy..", "egress.cluster.watch..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "javafx..", "picocli..", "org.junit..")
                .check(IMAGE);
    }
}
