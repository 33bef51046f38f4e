package io.bulwark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** Keeps the shape of the code true as it grows (see STYLE.md). */
@AnalyzeClasses(packages = "io.bulwark", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule resourcesNeverTouchPersistenceOrJdbc = noClasses()
            .that().haveSimpleNameEndingWith("Resource")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "java.sql..", "javax.sql..")
            .allowEmptyShould(true)
            .because("resources delegate to services; a retried unit of work must be a whole service transaction");

    @ArchTest
    static final ArchRule packagesFormNoCycles = slices()
            .matching("io.bulwark.(**)")
            .should().beFreeOfCycles()
            .because("every package, nested ones included, is a capability a reader can take in alone");

    @ArchTest
    static final ArchRule transactionsAreDeclaredOnClasses = noMethods()
            .should().beAnnotatedWith(Transactional.class)
            .because("a bean is a unit of work as a whole (STYLE.md); a method-level @Transactional is easy to "
                    + "miss when a method is added or called from inside its own class");

    @ArchTest
    static final ArchRule faultToleranceNeverSitsOnTransactionalClasses = methods()
            .that().areDeclaredInClassesThat().areAnnotatedWith(Transactional.class)
            .should().notBeAnnotatedWith(Retry.class)
            .andShould().notBeAnnotatedWith(Timeout.class)
            .andShould().notBeAnnotatedWith(CircuitBreaker.class)
            .andShould().notBeAnnotatedWith(Bulkhead.class)
            .allowEmptyShould(true)
            .because("a retry inside @Transactional reuses a transaction already marked rollback-only");

    @ArchTest
    static final ArchRule retriesSayWhatEndsThem = methods()
            .that().areAnnotatedWith(Retry.class)
            .should(declareAbortOn())
            .because("what is never retried must be read at the policy, not worked out from retryOn's class tree");

    private static ArchCondition<JavaMethod> declareAbortOn() {
        return new ArchCondition<>("declare abortOn") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                if (method.getAnnotationOfType(Retry.class).abortOn().length == 0) {
                    events.add(SimpleConditionEvent.violated(method, method.getFullName() + " retries without abortOn"));
                }
            }
        };
    }

    @ArchTest
    static final ArchRule databaseLayerDependsOnNoCapability = noClasses()
            .that().resideInAPackage("io.bulwark.database..")
            .should().dependOnClassesThat().resideInAnyPackage("io.bulwark.webhook..", "io.bulwark.ledger..",
                    "io.bulwark.alert..", "io.bulwark.health..");
}
