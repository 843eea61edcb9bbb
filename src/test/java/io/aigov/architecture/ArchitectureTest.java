package io.aigov.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** What may import what, as docs/architecture.md draws it under "Project layout": the drawing is read from there. */
class ArchitectureTest {

    private static final String CORE = "io.aigov.decision..";
    private static final String SHARED = "io.aigov.shared..";
    private static JavaClasses service;
    private static List<SourceReferences.Reference> sources;
    /** The page with the drawing, from the project's root. */
    static final Path LAYOUT = Path.of("docs", "architecture.md");
    /** The rows of the drawing, top row first, by the package they are drawn in. */
    private static Map<String, List<List<String>>> drawing;

    @BeforeAll
    static void importTheService() throws IOException {
        service = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.aigov");
        sources = SourceReferences.in(Path.of("src", "main", "java"));
        drawing = drawing(Files.readString(LAYOUT));
    }

    @Test
    void eachTopLevelPackageImportsOnlyThoseDrawnBelowIt() {
        checkDrawing("io.aigov");
    }

    @Test
    void eachPackageOfTheDecisionCoreImportsOnlyThoseDrawnBelowIt() {
        checkDrawing("io.aigov.decision");
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
    void theDecisionCoreAndTheSharedHelpersKnowNoHttpPersistenceOrContainer() {
        noClasses().that().resideInAnyPackage(CORE, SHARED)
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.vertx..", "org.jboss.resteasy..",
                        "io.quarkiverse..", "jakarta.persistence..", "org.hibernate.annotations..", "java.sql..", "javax.sql..",
                        "jakarta.transaction..", "jakarta.enterprise..", "jakarta.inject..", "io.quarkus..")
                .check(service);
    }

    /** A rules repository's CI runs the commands without the service: they stand on the decision core and the shared helpers alone. */
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

    /**
     * The console's pages stand on the capabilities' services and domain types, never on another
     * capability's REST edge: only the plumbing every edge shares ({@code api}) is theirs too.
     */
    @Test
    void theConsoleStandsOnServicesNotOnOtherRestEdges() {
        noClasses().that().resideInAPackage("io.aigov.console..")
                .should().dependOnClassesThat(resideInAPackage("io.aigov.(*).rest..")
                        .and(resideOutsideOfPackages("io.aigov.console..", "io.aigov.api..")))
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

    /**
     * Every package under {@code parent} is drawn, and imports only packages drawn below it (with
     * their sub-packages): in the class files and in the sources.
     */
    private static void checkDrawing(String parent) {
        List<List<String>> rows = drawing.get(parent);
        assertNotNull(rows, LAYOUT + " draws the packages of " + parent);
        Function<String, String> drawn = pkg -> pkg.startsWith(parent + ".") ? pkg.substring(parent.length() + 1).split("\\.")[0] : null;
        Set<String> packages = service.stream().map(type -> drawn.apply(type.getPackageName())).filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(packages, rows.stream().flatMap(List::stream).collect(Collectors.toCollection(TreeSet::new)), "the packages drawn in " + parent);
        Map<String, Integer> rowOf = new HashMap<>();
        for (int row = 0; row < rows.size(); row++) {
            for (String pkg : rows.get(row)) {
                rowOf.put(pkg, row);
            }
        }
        for (String pkg : packages) {
            String[] notBelow = rowOf.keySet().stream().filter(other -> !other.equals(pkg) && rowOf.get(other) <= rowOf.get(pkg))
                    .map(other -> parent + "." + other + "..").toArray(String[]::new);
            if (notBelow.length > 0) {
                noClasses().that().resideInAPackage(parent + "." + pkg + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(notBelow).check(service);
            }
        }
        List<String> upwards = sources.stream().filter(reference -> {
            String from = drawn.apply(reference.from());
            String to = drawn.apply(reference.to());
            return from != null && to != null && !from.equals(to) && rowOf.get(to) <= rowOf.get(from);
        }).map(reference -> reference.file() + " names " + reference.target()).distinct().toList();
        assertEquals(List.of(), upwards, "names of packages not drawn below");
    }

    /**
     * The first block of the page's "Project layout": rows of top-level packages, then, after a
     * row starting with {@code decision:}, rows of the decision core's packages.
     */
    private static Map<String, List<List<String>>> drawing(String page) {
        int section = page.indexOf("\n## Project layout\n");
        if (section < 0) {
            throw new IllegalStateException(LAYOUT + " has no section 'Project layout'");
        }
        int start = page.indexOf("```\n", section) + 4;
        Map<String, List<List<String>>> rows = new HashMap<>();
        String parent = "io.aigov";
        for (String line : page.substring(start, page.indexOf("```", start)).split("\n")) {
            List<String> names = new ArrayList<>(Arrays.asList(line.strip().split("\\s+")));
            if (names.get(0).endsWith(":")) {
                parent = "io.aigov." + names.remove(0).replace(":", "");
            }
            names.removeIf(String::isEmpty);
            if (!names.isEmpty()) {
                rows.computeIfAbsent(parent, any -> new ArrayList<>()).add(names);
            }
        }
        return rows;
    }

    /** The slice of {@code io.aigov.(*)..} ({@code depth} 1) or {@code io.aigov.(*).(*)..} (2) a package is in, if any. */
    private static String slice(String pkg, int depth) {
        String[] names = pkg.split("\\.");
        return names.length < 2 + depth ? null : String.join(".", Arrays.copyOfRange(names, 2, 2 + depth));
    }
}
