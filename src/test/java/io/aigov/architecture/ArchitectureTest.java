package io.aigov.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** What may import what, as the README's "Project layout" draws it. */
class ArchitectureTest {

    private static final String CORE = "io.aigov.decision..";
    private static JavaClasses service;

    @BeforeAll
    static void importTheService() {
        service = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.aigov");
    }

    /** The fact model, the engine, the compiled ruleset, the golden cases and the safety check know nothing else of the service. */
    @Test
    void theDecisionCoreImportsNothingElseOfOurs() {
        noClasses().that().resideInAPackage(CORE)
                .should().dependOnClassesThat(resideInAPackage("io.aigov..").and(resideOutsideOfPackage(CORE)))
                .check(service);
    }

    @Test
    void theDecisionCoreKnowsNoHttpPersistenceOrContainer() {
        noClasses().that().resideInAPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.vertx..", "org.jboss.resteasy..",
                        "io.quarkiverse..", "jakarta.persistence..", "org.hibernate.annotations..", "java.sql..", "javax.sql..",
                        "jakarta.transaction..", "jakarta.enterprise..", "jakarta.inject..", "io.quarkus..")
                .check(service);
    }

    /** A rules repository's CI runs the commands without the service: they stand on the decision core alone. */
    @Test
    void theRulesCommandsNeedOnlyTheDecisionCore() {
        noClasses().that().resideInAPackage("io.aigov.cli..")
                .should().dependOnClassesThat(resideInAPackage("io.aigov..").and(resideOutsideOfPackage(CORE))
                        .and(resideOutsideOfPackage("io.aigov.cli..")))
                .orShould().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "java.sql..")
                .check(service);
    }

    /** HTTP is the REST edges' business: services speak in domain types and exceptions. */
    @Test
    void onlyRestEdgesKnowJaxRsOrProblemResponses() {
        noClasses().that().resideOutsideOfPackages("..rest..", "io.aigov.api..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.quarkiverse.resteasy.problem..")
                .check(service);
    }
}
