package io.aigov.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** What may import what, as the README's "Project layout" draws it. */
class ArchitectureTest {

    private static final String CORE = "io.aigov.decision..";
    private static final String SHARED = "io.aigov.shared..";
    private static JavaClasses service;
    private static List<SourceReferences.Reference> sources;

    @BeforeAll
    static void importTheService() throws IOException {
        service = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.aigov");
        sources = SourceReferences.in(Path.of("src", "main", "java"));
    }

    /**
     * The fact model, the engine, the compiled ruleset, the golden cases and the safety check know
     * nothing else of the service but the shared helpers.
     */
    @Test
    void theDecisionCoreImportsNothingElseOfOursButTheSharedHelpers() {
        noClasses().that().resideInAPackage(CORE)
                .should().dependOnClassesThat(resideInAPackage("io.aigov..").and(resideOutsideOfPackages(CORE, SHARED)))
                .check(service);
    }

    @Test
    void theSharedHelpersImportNothingElseOfOurs() {
        noClasses().that().resideInAPackage(SHARED)
                .should().dependOnClassesThat(resideInAPackage("io.aigov..").and(resideOutsideOfPackages(SHARED)))
                .check(service);
    }

    @Test
    void theDecisionCoreKnowsNoHttpPersistenceOrContainer() {
        noClasses().that().resideInAnyPackage(CORE, SHARED)
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.vertx..", "org.jboss.resteasy..",
                        "io.quarkiverse..", "jakarta.persistence..", "org.hibernate.annotations..", "java.sql..", "javax.sql..",
                        "jakarta.transaction..", "jakarta.enterprise..", "jakarta.inject..", "io.quarkus..")
                .check(service);
    }

    /** A rules repository's CI runs the commands without the service: they stand on the decision core alone. */
    @Test
    void theRulesCommandsNeedOnlyTheDecisionCore() {
        noClasses().that().resideInAPackage("io.aigov.cli..")
                .should().dependOnClassesThat(resideInAPackage("io.aigov..").and(resideOutsideOfPackages(CORE, SHARED, "io.aigov.cli..")))
                .orShould().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "java.sql..")
                .check(service);
    }

    /**
     * HTTP is the REST edges' business (the console's pages are one, as is {@code api.rest}, the
     * plumbing they share): services speak in domain types and exceptions.
     */
    @Test
    void onlyRestEdgesKnowJaxRsOrProblemResponses() {
        noClasses().that().resideOutsideOfPackage("..rest..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.quarkiverse.resteasy.problem..")
                .check(service);
    }

    @Test
    void noCyclesBetweenTopLevelPackages() {
        slices().matching("io.aigov.(*)..").should().beFreeOfCycles().check(service);
    }

    /** The safety check and the compiler both read rule files and report problems in them, which neither owns. */
    @Test
    void noCyclesInsideTheDecisionCore() {
        slices().matching("io.aigov.decision.(*)..").should().beFreeOfCycles().check(service);
    }

    /** Within a capability too: its root, its services, its REST edge and the rest each point one way. */
    @Test
    void noCyclesBetweenSubPackages() {
        slices().matching("io.aigov.(*).(*)..").should().beFreeOfCycles().check(service);
    }

    @Test
    void noCyclesBetweenAnyTwoPackages() {
        slices().matching("io.aigov.(**)").should().beFreeOfCycles().check(service);
    }

    /**
     * The same slices, read from the sources: javac inlines constants such as the roles in
     * {@code @RolesAllowed}, so the class files do not show who uses them.
     */
    @Test
    void noCyclesInTheSourcesEither() {
        List<String> cycles = new ArrayList<>();
        cycles.addAll(SourceReferences.cycles(sources, pkg -> slice(pkg, 1)));
        cycles.addAll(SourceReferences.cycles(sources, pkg -> slice(pkg, 2)));
        cycles.addAll(SourceReferences.cycles(sources, pkg -> pkg));
        assertEquals(List.of(), cycles);
    }

    /** The slice of {@code io.aigov.(*)..} ({@code depth} 1) or {@code io.aigov.(*).(*)..} (2) a package is in, if any. */
    private static String slice(String pkg, int depth) {
        String[] names = pkg.split("\\.");
        return names.length < 2 + depth ? null : String.join(".", Arrays.copyOfRange(names, 2, 2 + depth));
    }
}
