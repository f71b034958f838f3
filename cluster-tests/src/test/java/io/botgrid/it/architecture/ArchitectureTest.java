package io.botgrid.it.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Botgrid's boundaries, checked on the main code of every module on this module's class path (the node, the SDK,
 * the CLI, the SPI, the test kit). {@code docs/architecture.md} draws the same map.
 */
class ArchitectureTest {
    private static final String ROOT = "io.botgrid";
    private static JavaClasses main;

    @BeforeAll
    static void importMainCode() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        assertThat(main.containPackage(ROOT + ".actor.internal")).as("the node's classes were imported").isTrue();
        assertThat(main.containPackage(ROOT + ".client")).as("the SDK's classes were imported").isTrue();
    }

    @Test
    void topLevelPackagesFormNoCycle() {
        ArchitectureRules.noCyclesBetweenTopLevelPackages(ROOT).check(main);
    }

    @Test
    void onlyTheCompositionRootReachesIntoAnotherComponentsInternals() {
        ArchitectureRules.noForeignInternals(ROOT, "node").check(main);
    }

    @Test
    void theActorRuntimeKnowsNothingOfItsApplicationsOrAdapters() {
        ArchitectureRules.independentOf(ROOT, "actor",
                Set.of("bots", "channels", "grpc", "cli", "node", "client", "testkit", "samples")).check(main);
    }

    @Test
    void onlyTheCompositionRootBuildsTheOpenTelemetrySdk() {
        // Components record spans on the API; which SDK, exporter and sampler is the node's choice.
        noClasses().that().resideInAnyPackage(ROOT + ".actor..", ROOT + ".bots..", ROOT + ".channels..",
                ROOT + ".grpc..", ROOT + ".client..").should().dependOnClassesThat()
                .resideInAnyPackage("io.opentelemetry.sdk..", "io.opentelemetry.exporter..").check(main);
    }

    @Test
    void theActorRuntimeUsesTheOpenTelemetryApiOnly() {
        noClasses().that().resideInAPackage(ROOT + ".actor..").should().dependOnClassesThat()
                .resideInAnyPackage("io.opentelemetry.instrumentation..", "io.opentelemetry.sdk..").check(main);
    }

    @Test
    void onlyTheLauncherAndTheTestKitUseTheNode() {
        ArchitectureRules.onlyUsedBy(ROOT, "node", Set.of("cli", "testkit")).check(main);
    }

    @Test
    void theSdkUsesOnlyItselfAndTheGeneratedProto() {
        classes().that().resideInAPackage(ROOT + ".client..").should().onlyDependOnClassesThat(
                resideOutsideOfPackage(ROOT + "..").or(resideInAnyPackage(ROOT + ".client..", ROOT + ".proto..")))
                .check(main);
    }

    @Test
    void theHandlerSpiNeedsOnlyTheJdk() {
        ArchitectureRules.onlyJdk(ROOT + ".bots").check(main);
    }

    @Test
    void theWorkerSpiNeedsOnlyTheJdk() {
        ArchitectureRules.onlyJdk(ROOT + ".workers.spi").check(main);
    }
}
