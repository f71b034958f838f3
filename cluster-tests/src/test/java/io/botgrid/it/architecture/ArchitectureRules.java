package io.botgrid.it.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import java.util.Set;

/**
 * The structural rules of Botgrid's main code, as ArchUnit rules over a root package. They take the root as a
 * parameter so that {@code ArchitectureRulesTest} can prove each rule fails on fixtures that break it: a rule that
 * cannot fail guards nothing.
 *
 * <p>A <em>top-level package</em> is the first segment under the root ({@code actor}, {@code bots}, {@code grpc}…);
 * its {@code internal} sub-packages are private to it. The composition root ({@code node}) is the one package allowed
 * to reach into the others' internals, because it builds them.
 */
final class ArchitectureRules {
    private ArchitectureRules() {
    }

    /** No cycle between top-level packages: dependencies between components point one way. */
    static ArchRule noCyclesBetweenTopLevelPackages(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles()
                .because("components depend on each other one way only (docs/architecture.md, package map)");
    }

    /**
     * No class reaches into another top-level package's {@code internal} packages, except the composition root.
     *
     * @param compositionRoot the top-level package that wires everything, or null for none
     */
    static ArchRule noForeignInternals(String root, String compositionRoot) {
        return classes().that().resideInAPackage(root + "..")
                .should(new ArchCondition<JavaClass>("not depend on another top-level package's internals") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        Optional<String> own = topLevel(root, item.getPackageName());
                        if (own.isEmpty() || own.get().equals(compositionRoot)) {
                            return;
                        }
                        for (Dependency d : item.getDirectDependenciesFromSelf()) {
                            String target = d.getTargetClass().getPackageName();
                            Optional<String> other = topLevel(root, target);
                            if (other.isPresent() && !other.equals(own) && isInternal(target)) {
                                events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                            }
                        }
                    }
                }).because("an internal package is private to its component; use its public API or port");
    }

    /** The packages under {@code from} depend on none of the {@code forbidden} top-level packages. */
    static ArchRule independentOf(String root, String from, Set<String> forbidden) {
        return noClasses().that().resideInAPackage(root + "." + from + "..").should().dependOnClassesThat()
                .resideInAnyPackage(forbidden.stream().map(p -> root + "." + p + "..").toArray(String[]::new));
    }

    /** Only the listed top-level packages may depend on {@code target} (for the composition root). */
    static ArchRule onlyUsedBy(String root, String target, Set<String> users) {
        java.util.List<String> allowed = new java.util.ArrayList<>();
        users.forEach(p -> allowed.add(root + "." + p + ".."));
        allowed.add(root + "." + target + "..");
        return noClasses().that().resideInAPackage(root + "..")
                .and().resideOutsideOfPackages(allowed.toArray(String[]::new))
                .should().dependOnClassesThat().resideInAPackage(root + "." + target + "..").allowEmptyShould(true);
    }

    /** Classes of {@code pkg} (that package only, not sub-packages) depend only on themselves and the JDK. */
    static ArchRule onlyJdk(String pkg) {
        return classes().that().resideInAPackage(pkg).should().onlyDependOnClassesThat()
                .resideInAnyPackage(pkg, "java..");
    }

    static Optional<String> topLevel(String root, String pkg) {
        if (!pkg.startsWith(root + ".")) {
            return Optional.empty();
        }
        String rest = pkg.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    static boolean isInternal(String pkg) {
        return pkg.endsWith(".internal") || pkg.contains(".internal.");
    }
}
