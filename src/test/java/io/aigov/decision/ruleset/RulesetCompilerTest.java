package io.aigov.decision.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.aigov.decision.model.Declarations;
import io.aigov.decision.model.Exposure;
import io.aigov.decision.engine.Decision;
import io.aigov.decision.engine.DecisionEngine;
import io.aigov.decision.engine.EvaluationLimits;
import io.aigov.decision.engine.RulesetDefectException;
import io.aigov.decision.golden.GoldenCase;
import io.aigov.decision.golden.GoldenCaseResult;
import io.aigov.decision.golden.GoldenCaseRun;
import io.aigov.decision.model.Consistency;
import io.aigov.decision.model.UseCase;
import io.aigov.decision.model.Vocabulary;
import io.aigov.decision.rulefile.RuleFile;
import io.aigov.decision.safety.RuleSafetyCheck;

class RulesetCompilerTest {

    private static final List<RuleFile> RULES = RulesetSource.fromDirectory(Path.of("rules"));
    private static final EvaluationLimits LIMITS = new EvaluationLimits(500, Duration.ofSeconds(10));
    private static final UseCase USE_CASE = new UseCase("x", null, 1000L, Consistency.FLEXIBLE, 10L, 1.0, 1.0, 5000L,
            Vocabulary.STANDARD, null, null, null, null, null, null, Set.of(), null, null, null, null);

    @Test
    void theBundledRulesAreExactlyTheRulesFolder() {
        assertEquals(RulesetVersion.of(RULES), RulesetVersion.of(RulesetSource.bundled()));
        assertEquals(RULES.stream().map(RuleFile::name).toList(), RulesetSource.bundled().stream().map(RuleFile::name).toList());
    }

    @Test
    void theVersionChangesWithAnyFileAndOnlyThen() {
        List<RuleFile> reordered = new ArrayList<>(RULES);
        Collections.reverse(reordered);
        assertEquals(RulesetVersion.of(RULES), RulesetVersion.of(reordered));
        List<RuleFile> edited = replace("thresholds.properties", "volume.fineTuning.min = 50000", "volume.fineTuning.min = 40000");
        assertNotEquals(RulesetVersion.of(RULES), RulesetVersion.of(edited));
        assertEquals(64, RulesetVersion.of(RULES).length());
    }

    /**
     * Stored versions keep the text they were written with. Rules written before the decision core
     * and declarations import the fact model from its former package, name regimes and capabilities
     * by the enums of then, say euExposure, and leave the high audit requirement to the service: they
     * still pass the safety check, compile, pass their golden cases, and decide every golden case as
     * today's rules do, so the decisions they made replay as they were made.
     */
    @Test
    void rulesWrittenBeforeDeclarationsStillCompileAndDecideAsTheyDid() {
        Path folder = Path.of("src/test/resources/rules-before-declarations");
        List<RuleFile> before = RulesetSource.fromDirectory(folder);
        assertTrue(before.stream().anyMatch(file -> file.content().contains("io.aigov.evaluation.model.Regime")));
        assertEquals(List.of(), RuleSafetyCheck.check(before, Declarations.LEGACY));
        Ruleset then = RulesetCompiler.compile(before, "before");
        assertTrue(then.declarations().legacy());
        List<GoldenCaseResult> results = GoldenCaseRun.run(then, RulesetSource.goldenCasesFromDirectory(folder), LIMITS);
        assertTrue(results.size() > 20);
        results.forEach(result -> assertTrue(result.passed(), result.toString()));

        Ruleset now = RulesetCompiler.compile(RULES, "now");
        for (RuleFile file : RulesetSource.goldenCasesFromDirectory(folder)) {
            GoldenCase golden = read(file);
            LocalDate day = golden.evaluationDate() == null ? LocalDate.of(2026, 12, 2) : golden.evaluationDate();
            Decision decidedThen = DecisionEngine.evaluate(then, golden.input(), day, LIMITS);
            Decision decidedNow = DecisionEngine.evaluate(now, golden.input(), day, LIMITS);
            assertEquals(decidedThen.approach(), decidedNow.approach(), file.name());
            assertEquals(decidedThen.verdict(), decidedNow.verdict(), file.name());
            assertEquals(decidedThen.ragRecommended(), decidedNow.ragRecommended(), file.name());
            assertEquals(decidedThen.scores(), decidedNow.scores(), file.name());
            // The same exposures with the same obligations; today's rules also name the obligations' ids, which controls are kept by.
            assertEquals(decidedThen.exposures(), decidedNow.exposures().stream()
                    .map(exposure -> new Exposure(exposure.regime(), exposure.level(), exposure.obligations())).toList(), file.name());
        }
    }

    private static GoldenCase read(RuleFile file) {
        try {
            return GoldenCaseRun.read(file);
        } catch (JsonProcessingException e) {
            throw new AssertionError(file.name() + ": " + e.getMessage(), e);
        }
    }

    @Test
    void aSyntaxErrorIsReportedWithItsFileAndLine() {
        List<RuleFile> broken = new ArrayList<>(RULES);
        broken.add(new RuleFile("broken.drl", """
                package aigov.broken;
                import io.aigov.decision.model.Assessment;

                rule "broken"
                when
                    $a : Assessment( promptingScore > )
                then
                end
                """));
        InvalidRulesetException e = assertThrows(InvalidRulesetException.class, () -> RulesetCompiler.compile(broken, "test"));
        assertTrue(e.problems().stream().anyMatch(p -> p.file().equals("broken.drl") && p.line() == 6), e.problems().toString());
    }

    @Test
    void aTypeDeclaredInOneFileServesTheRulesOfAnother() {
        List<RuleFile> files = new ArrayList<>(RULES);
        // Compiled in the order of their names: the rule comes before the declaration it uses.
        files.add(new RuleFile("a-uses.drl", """
                package aigov.together;

                rule "uses-a-declared-type"
                when
                    Marker( )
                then
                end
                """));
        files.add(new RuleFile("b-declares.drl", """
                package aigov.together;

                declare Marker
                end
                """));
        Ruleset ruleset = RulesetCompiler.compile(files, "test");
        assertEquals("a-uses.drl", ruleset.ruleFiles().get("aigov.together.uses-a-declared-type"));
    }

    @Test
    void onlyACheckProcessCompilesWithoutTheSafetyCheckTheServiceRanBeforeIt() {
        List<RuleFile> files = new ArrayList<>(RULES);
        files.add(new RuleFile("leaves.drl", """
                package aigov.leaves;
                import io.aigov.decision.model.Assessment;

                rule "leaves"
                when
                    Assessment( )
                then
                    System.exit(3);
                end
                """));
        InvalidRulesetException refused = assertThrows(InvalidRulesetException.class, () -> RulesetCompiler.compile(files, "test"));
        assertTrue(refused.problems().stream().anyMatch(p -> p.file().equals("leaves.drl")), refused.problems().toString());
        assertEquals("leaves.drl", RulesetCompiler.compileExamined(files, "test").ruleFiles().get("aigov.leaves.leaves"));
    }

    @Test
    void anUnknownTypeIsReportedInItsFile() {
        List<RuleFile> broken = new ArrayList<>(RULES);
        broken.add(new RuleFile("unknown-type.drl", """
                package aigov.broken;

                rule "unknown-type"
                when
                    NoSuchFact( )
                then
                end
                """));
        InvalidRulesetException e = assertThrows(InvalidRulesetException.class, () -> RulesetCompiler.compile(broken, "test"));
        assertTrue(e.problems().stream().allMatch(p -> p.file().equals("unknown-type.drl")), e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.message().contains("NoSuchFact")), e.problems().toString());
    }

    @Test
    void badThresholdValuesAreReportedWithTheirLine() {
        List<RuleFile> edited = replace("thresholds.properties", "volume.fineTuning.min = 50000", "volume.fineTuning.min = lots");
        edited = replace(edited, "thresholds.properties", "examples.minimum = 200", "examples.minimum = -200");
        edited = replace(edited, "thresholds.properties", "euAiAct.highRisk.date = 2027-12-02", "euAiAct.highRisk.date = December 2027");
        List<RuleFile> files = edited;
        InvalidRulesetException e = assertThrows(InvalidRulesetException.class, () -> RulesetCompiler.compile(files, "test"));
        assertEquals(3, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().stream().allMatch(p -> p.file().equals("thresholds.properties") && p.line() > 0));
        assertTrue(e.getMessage().contains("volume.fineTuning.min = 'lots' is not a number"), e.getMessage());
        assertTrue(e.getMessage().contains("must be a number of zero or more"), e.getMessage());
        assertTrue(e.getMessage().contains("is not a date"), e.getMessage());
    }

    @Test
    void aRulesetWithoutThresholdsIsRefused() {
        List<RuleFile> withoutThresholds = RULES.stream().filter(RuleFile::isDrl).toList();
        InvalidRulesetException e = assertThrows(InvalidRulesetException.class,
                () -> RulesetCompiler.compile(withoutThresholds, "test"));
        assertEquals("thresholds.properties", e.problems().get(0).file());
    }

    @Test
    void aRuleThatNeverSettlesIsStoppedInsteadOfHangingTheService() {
        List<RuleFile> looping = new ArrayList<>(RULES);
        looping.add(new RuleFile("looping.drl", """
                package aigov.looping;
                import io.aigov.decision.model.Assessment;

                rule "looping"
                when
                    $a : Assessment( promptingScore >= 0 )
                then
                    modify($a) { favourPrompting(1, "again") }
                end
                """));
        Ruleset ruleset = RulesetCompiler.compile(looping, "test");
        RulesetDefectException e = assertThrows(RulesetDefectException.class, () -> DecisionEngine.evaluate(ruleset, USE_CASE, LocalDate.now(), LIMITS));
        assertTrue(e.getMessage().contains("did not settle within 500"), e.getMessage());
    }

    @Test
    void aRulesetThatDecidesNothingIsADefect() {
        List<RuleFile> noVerdict = RULES.stream().filter(f -> !f.name().equals("verdict.drl")).toList();
        Ruleset ruleset = RulesetCompiler.compile(noVerdict, "test");
        RulesetDefectException e = assertThrows(RulesetDefectException.class, () -> DecisionEngine.evaluate(ruleset, USE_CASE, LocalDate.now(), LIMITS));
        assertTrue(e.getMessage().contains("decided no verdict"), e.getMessage());
    }

    private static List<RuleFile> replace(String file, String from, String to) {
        return replace(RULES, file, from, to);
    }

    private static List<RuleFile> replace(List<RuleFile> files, String file, String from, String to) {
        return files.stream().map(f -> {
            if (!f.name().equals(file)) {
                return f;
            }
            assertTrue(f.content().contains(from), file + " has no '" + from + "'");
            return new RuleFile(f.name(), f.content().replace(from, to));
        }).toList();
    }
}
