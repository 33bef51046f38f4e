package io.bulwark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
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
    static final ArchRule capabilityPackagesFormNoCycles = slices()
            .matching("io.bulwark.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule faultToleranceNeverSitsOnTransactionalMethods = methods()
            .that().areAnnotatedWith(Transactional.class)
            .should().notBeAnnotatedWith(Retry.class)
            .andShould().notBeAnnotatedWith(Timeout.class)
            .andShould().notBeAnnotatedWith(CircuitBreaker.class)
            .andShould().notBeAnnotatedWith(Bulkhead.class)
            .allowEmptyShould(true)
            .because("a retry inside @Transactional reuses a transaction already marked rollback-only");

    @ArchTest
    static final ArchRule databaseLayerDependsOnNoCapability = noClasses()
            .that().resideInAPackage("io.bulwark.database..")
            .should().dependOnClassesThat().resideInAnyPackage("io.bulwark.webhook..", "io.bulwark.ledger..",
                    "io.bulwark.alert..", "io.bulwark.health..");
}
