package io.aigov.decision.golden;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.DecisionEngine;
import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.model.FiredRule;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.ruleset.Ruleset;
import io.aigov.decision.ruleset.RulesetCompiler;
import io.aigov.decision.ruleset.RulesetSource;

/** Runs every golden case in rules/tests against the rules in rules/, as a rule author would. */
class GoldenCasesTest {

    private static final Path RULES = Path.of("rules");

    private static Ruleset ruleset;
    private static Map<String, Decision> decisions;

    @BeforeAll
    static void evaluateAllCases() throws IOException {
        ruleset = RulesetCompiler.compile(RulesetSource.fromDirectory(RULES), RULES.toString());
        decisions = new TreeMap<>();
        for (Path file : caseFiles()) {
            decisions.put(file.getFileName().toString(), evaluate(ruleset, read(file)));
        }
    }

    @TestFactory
    Stream<DynamicTest> eachGoldenCaseGetsItsExpectedDecision() throws IOException {
        return caseFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            GoldenCase golden = read(file);
            List<String> differences = GoldenCaseCheck.differences(golden.expect(), decisions.get(file.getFileName().toString()));
            assertTrue(differences.isEmpty(), file + ":\n  " + String.join("\n  ", differences));
        }));
    }

    @Test
    void theCasesCoverTheUseCaseFamiliesOfTheDomainBrief() throws IOException {
        Set<String> names = caseFiles().stream().map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        for (String family : List.of("legal-document-review-at-scale", "medical-coding", "financial-report-summarisation",
                "compliance-customer-service", "multilingual-brand-support", "internal-framework-code-generation",
                "content-ideation", "research-summarisation", "meeting-transcript-analysis",
                "early-prototype-with-fine-tuning-signals", "agentic-workflow", "internal-productivity-assistant")) {
            assertTrue(names.contains(family + ".json"), "no golden case for " + family);
        }
    }

    @Test
    void everyRuleFiresInSomeGoldenCase() {
        Set<String> fired = decisions.values().stream().flatMap(d -> d.firedRules().stream()).map(FiredRule::name)
                .collect(Collectors.toSet());
        Set<String> neverFired = new TreeSet<>();
        for (KiePackage kiePackage : ruleset.kieBase().getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                if (!fired.contains(rule.getName())) {
                    neverFired.add(rule.getName());
                }
            }
        }
        assertEquals(Set.of(), neverFired, "rules no golden case exercises");
    }

    @Test
    void everyFiredRuleNamesItsFileAndGivesAReason() {
        List<String> unexplained = new ArrayList<>();
        decisions.forEach((file, decision) -> decision.firedRules().forEach(rule -> {
            if (rule.reason().isBlank() || rule.reason().startsWith("(") || !rule.file().endsWith(".drl")) {
                unexplained.add(file + ": " + rule);
            }
        }));
        assertEquals(List.of(), unexplained);
    }

    @Test
    void aProhibitedPracticeOnlyCountsWithEuExposure() {
        Decision outside = decisions.get("outside-the-eu.json");
        assertFalse(outside.exposures().stream().anyMatch(e -> e.regime().equals("EU_AI_ACT")));
    }

    private static List<Path> caseFiles() throws IOException {
        try (Stream<Path> files = Files.list(RULES.resolve("tests"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static Decision evaluate(Ruleset ruleset, GoldenCase golden) {
        LocalDate day = golden.evaluationDate() == null ? LocalDate.now(ZoneOffset.UTC) : golden.evaluationDate();
        return DecisionEngine.evaluate(ruleset, golden.input(), day, new EvaluationLimits(10_000, Duration.ofSeconds(10)));
    }

    private static GoldenCase read(Path file) throws IOException {
        return GoldenCaseRun.read(new RuleFile(file.getFileName().toString(), Files.readString(file)));
    }
}
