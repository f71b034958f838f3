package io.botgrid.it.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import io.botgrid.it.architecture.fixture.alpha.Alpha;
import io.botgrid.it.architecture.fixture.alpha.internal.Hidden;
import io.botgrid.it.architecture.fixture.beta.Beta;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link ArchitectureTest} fail when their boundary is broken: run against fixtures with a cycle
 * ({@code alpha ↔ beta}) and an import of another component's internals ({@code beta → alpha.internal}).
 */
class ArchitectureRulesTest {
    private static final String FIXTURE = "io.botgrid.it.architecture.fixture";
    private final JavaClasses fixtures = new ClassFileImporter().importClasses(Alpha.class, Beta.class, Hidden.class);

    @Test
    void aCycleBetweenTopLevelPackagesIsReported() {
        EvaluationResult result = ArchitectureRules.noCyclesBetweenTopLevelPackages(FIXTURE).evaluate(fixtures);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("Cycle detected").contains("alpha").contains("beta");
    }

    @Test
    void anImportOfAnotherComponentsInternalsIsReportedButNotOfItsOwn() {
        EvaluationResult result = ArchitectureRules.noForeignInternals(FIXTURE, null).evaluate(fixtures);
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains(Beta.class.getName()).contains(Hidden.class.getName()))
                .noneSatisfy(line -> assertThat(line).startsWith("Field <" + Alpha.class.getName()));
    }

    @Test
    void theCompositionRootMayReachIntoInternals() {
        EvaluationResult result = ArchitectureRules.noForeignInternals(FIXTURE, "beta").evaluate(fixtures);
        assertThat(result.hasViolation()).isFalse();
    }

    @Test
    void aForbiddenDependencyAndAForeignUserAreReported() {
        assertThat(ArchitectureRules.independentOf(FIXTURE, "beta", Set.of("alpha")).evaluate(fixtures)
                .hasViolation()).isTrue();
        assertThat(ArchitectureRules.onlyUsedBy(FIXTURE, "alpha", Set.of()).evaluate(fixtures).hasViolation())
                .isTrue();
        assertThat(ArchitectureRules.onlyUsedBy(FIXTURE, "alpha", Set.of("beta")).evaluate(fixtures).hasViolation())
                .isFalse();
    }

    @Test
    void aDependencyBeyondTheJdkIsReported() {
        assertThat(ArchitectureRules.onlyJdk(FIXTURE + ".beta").evaluate(fixtures).hasViolation()).isTrue();
        assertThat(ArchitectureRules.onlyJdk(FIXTURE + ".alpha.internal").evaluate(fixtures).hasViolation())
                .isFalse();
    }
}
