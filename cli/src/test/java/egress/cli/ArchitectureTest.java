package egress.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The cli is the top of the graph: it may use every module (nothing depends on it: each module's own
 * ArchitectureTest says so). It reaches the proxy, the web server and the desktop app through their modules,
 * never through Netty, Javalin or JavaFX directly, and it never uses test support.
 */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("egress.cli");

    @Test
    void usesNoTestSupportNorTheBenchmarks() {
        noClasses()
                .that()
                .resideInAPackage("egress.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("egress.fixtures..", "egress.benchmarks..", "org.junit..", "com.tngtech..")
                .check(CLASSES);
    }

    @Test
    void reachesProxyWebAndDesktopThroughTheirModules() {
        noClasses()
                .that()
                .resideInAPackage("egress.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "io.javalin..", "org.eclipse.jetty..", "javafx..")
                .check(CLASSES);
    }
}
